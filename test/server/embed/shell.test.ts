import { describe, expect, it } from "vitest";
import { COUNTRY_CODES } from "../../../src/countries.ts";
import { type InlineCatalog, resolveCatalog } from "../../../src/locales/index.ts";
import { readEmbedQuery } from "../../../src/server/embed/query.ts";
import { renderShell } from "../../../src/server/embed/shell.ts";

/** Intl separates amounts from symbols with a no-break space; compare with plain spaces. */
const plain = (text: string) => text.replace(/\u00a0/g, " ");

const entry = { script: "assets/main-abc.js", styles: ["assets/main-abc.css"], preloads: [] };

describe("checkout shell", () => {
  it("carries the theme, the language and only that language's strings", () => {
    const html = renderShell(
      entry,
      readEmbedQuery("?planId=plan_DemoOneTime01&theme=dark&locale=pt-BR"),
      resolveCatalog("pt-BR"),
    );
    expect(html).toContain('<html lang="pt-BR" dir="ltr" data-theme="dark">');
    const json = /<script type="application\/json" id="i18n">(.*?)<\/script>/.exec(html)![1]!;
    const data = JSON.parse(json);
    expect(data.locale).toBe("pt-BR");
    expect(data.messages.pay).toBe("Pagar {a}");
    expect(html).not.toContain("Correo electrónico");
    expect(html).toContain(
      '<link rel="preload" as="fetch" href="/api/v1/plans/plan_DemoOneTime01"',
    );
  });

  it("carries the country names and the plan's first prices, made in the buyer's format", () => {
    const plan = { base_currency: "eur", initial_price: 4900, renewal_price: 1900 };
    const inlined = (tag: string, trial: number | null): InlineCatalog => {
      const html = renderShell(entry, readEmbedQuery("?planId=plan_A1"), resolveCatalog(tag), {
        ...plan,
        trial_period_days: trial,
      });
      return JSON.parse(
        /<script type="application\/json" id="i18n">(.*?)<\/script>/.exec(html)![1]!,
      );
    };
    const german = inlined("de", null);
    const names = german.countries.map(([, name]) => name);
    expect(german.countries).toHaveLength(COUNTRY_CODES.length);
    expect(german.countries).toContainEqual(["DE", "Deutschland"]);
    // In German order: Österreich sorts with O, not after Z.
    expect(names.indexOf("Österreich")).toBeLessThan(names.indexOf("Panama"));
    expect(Object.values(german.prices).map(plain).sort()).toEqual(["19,00 €", "49,00 €"]);
    expect(Object.values(inlined("ja", 14).prices).map(plain).sort()).toEqual([
      "€0.00",
      "€19.00",
      "€49.00",
    ]);
    // A checkout of no plan (it shows only an error) has no prices to make.
    const html = renderShell(entry, readEmbedQuery("?planId=plan_A1"), resolveCatalog("en"));
    expect(html).toContain('"prices":{}');
  });

  it("inlines a plan's new price at once, though each language's catalog is kept between shells", () => {
    const pricesIn = (price: number) => {
      const plan = { base_currency: "usd", initial_price: price, renewal_price: price };
      const html = renderShell(entry, readEmbedQuery("?planId=plan_A1"), resolveCatalog("en"), {
        ...plan,
        trial_period_days: null,
      });
      const json = /<script type="application\/json" id="i18n">(.*?)<\/script>/.exec(html)![1]!;
      return Object.values((JSON.parse(json) as InlineCatalog).prices);
    };
    expect(pricesIn(4900)).toEqual(["$49.00"]);
    expect(pricesIn(5900)).toEqual(["$59.00"]);
    expect(pricesIn(4900)).toEqual(["$49.00"]);
  });

  it("lays out Arabic and Hebrew right to left from the first paint", () => {
    const config = readEmbedQuery("?planId=plan_A1&theme=light");
    expect(renderShell(entry, config, resolveCatalog("ar"))).toContain('<html lang="ar" dir="rtl"');
    expect(renderShell(entry, config, resolveCatalog("he-IL"))).toContain(
      '<html lang="he-IL" dir="rtl"',
    );
  });

  it("inlines the checked settings for the app", () => {
    const html = renderShell(entry, readEmbedQuery("?planId=plan_A1&hidePrice=&theme=neon"));
    const json = /<script type="application\/json" id="config">(.*?)<\/script>/.exec(html)![1]!;
    const config = JSON.parse(json);
    expect(config).toMatchObject({ planId: "plan_A1", hidePrice: true, theme: "system" });
    expect(config.warnings).toEqual([
      'data-whop-checkout-theme="neon" is not light, dark or system; the default (system) applies.',
    ]);
    expect(html).toContain('data-theme="system"');
  });

  it("preloads the buyer-details chunk only for a checkout that collects them", () => {
    const withDetails = { ...entry, details: "assets/details-abc.js" };
    const link = '<link rel="modulepreload" href="/assets/details-abc.js">';
    expect(renderShell(withDetails, readEmbedQuery("?planId=plan_A1"))).not.toContain(link);
    expect(renderShell(withDetails, readEmbedQuery("?planId=plan_A1&collectShipping="))).toContain(
      link,
    );
  });

  it("starts the billing country at the prefilled one, else the region of the buyer's language", () => {
    expect(readEmbedQuery("?planId=plan_A1", null, "pt-BR").country).toBe("BR");
    expect(readEmbedQuery("?planId=plan_A1", null, "ja").country).toBe("JP");
    expect(readEmbedQuery("?planId=plan_A1&prefillAddressCountry=de", null, "ja").country).toBe(
      "DE",
    );
    // A language alone whose likely region is not a country we list, or no language: US.
    expect(readEmbedQuery("?planId=plan_A1", null, "not a tag").country).toBe("US");
  });

  it("keeps inlined JSON from closing its script element", () => {
    const catalog = resolveCatalog("en");
    const html = renderShell(entry, readEmbedQuery("?theme=light&prefillName=</script><i>x"), {
      locale: "en",
      dir: "ltr",
      messages: { ...catalog.messages, pay: "</script><b>{a}" },
    });
    expect(html).not.toContain("</script><b>");
    expect(html).not.toContain("</script><i>");
    expect(html).toContain("\\u003c/script>\\u003cb>");
    expect(html).toContain("\\u003c/script>\\u003ci>x");
  });
});

import { describe, expect, it } from "vitest";
import { resolveCatalog } from "../../../src/locales/index.ts";
import { readEmbedQuery } from "../../../src/server/embed/query.ts";
import { renderShell } from "../../../src/server/embed/shell.ts";

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

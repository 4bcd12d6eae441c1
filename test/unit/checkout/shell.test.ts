import { describe, expect, it } from "vitest";
import { resolveCatalog } from "../../../src/checkout/locales/index.ts";
import { renderShell } from "../../../src/server/routes/embed.ts";

const entry = { script: "assets/main-abc.js", styles: ["assets/main-abc.css"], preloads: [] };

describe("checkout shell", () => {
  it("carries the theme, the language and only that language's strings", () => {
    const html = renderShell(entry, {
      plan: "plan_DemoOneTime01",
      theme: "dark",
      catalog: resolveCatalog("pt-BR"),
    });
    expect(html).toContain('<html lang="pt-BR" data-theme="dark">');
    const json = /<script type="application\/json" id="i18n">(.*?)<\/script>/.exec(html)![1]!;
    const data = JSON.parse(json);
    expect(data.locale).toBe("pt-BR");
    expect(data.messages.pay).toBe("Pagar {a}");
    expect(html).not.toContain("Correo electrónico");
    expect(html).toContain(
      '<link rel="preload" as="fetch" href="/api/v1/plans/plan_DemoOneTime01"',
    );
  });

  it("keeps inlined JSON from closing its script element", () => {
    const catalog = resolveCatalog("en");
    const html = renderShell(entry, {
      plan: null,
      theme: "light",
      catalog: { locale: "en", messages: { ...catalog.messages, pay: "</script><b>{a}" } },
    });
    expect(html).not.toContain("</script><b>");
    expect(html).toContain("\\u003c/script>\\u003cb>");
  });
});

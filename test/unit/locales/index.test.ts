import { describe, expect, it } from "vitest";
import { en } from "../../../src/locales/en.ts";
import { LANGUAGES, resolveCatalog } from "../../../src/locales/index.ts";

/** The `{x}` tokens `t()` fills in, with repeats, so a translation can neither drop nor add one. */
const placeholders = (text: string) => [...text.matchAll(/\{(\w)\}/g)].map((m) => m[1]).sort();

describe("translations", () => {
  it("has every English key, with the same placeholders, in each language", () => {
    expect(LANGUAGES.length).toBeGreaterThanOrEqual(12);
    for (const tag of LANGUAGES.filter((language) => language !== "en")) {
      const { messages, locale } = resolveCatalog(tag);
      expect(locale, tag).toBe(tag);
      expect(messages, tag).not.toBe(en);
      expect(Object.keys(messages).sort(), tag).toEqual(Object.keys(en).sort());
      for (const key of Object.keys(en) as (keyof typeof en)[]) {
        expect(placeholders(messages[key]), `${tag} ${key}`).toEqual(placeholders(en[key]));
        expect(messages[key].trim(), `${tag} ${key}`).not.toBe("");
        // Any other brace is a typo of a placeholder that `t()` would print as is.
        expect(messages[key].replace(/\{\w\}/g, ""), `${tag} ${key}`).not.toMatch(/[{}]/);
      }
    }
  });

  it("picks the exact tag, then the language, then Accept-Language, then English", () => {
    expect(resolveCatalog("pt-BR").messages.pay).toBe("Pagar {a}");
    expect(resolveCatalog("es-MX")).toMatchObject({ locale: "es-MX" });
    expect(resolveCatalog("es-MX").messages.pay).toBe("Pagar {a}");
    expect(resolveCatalog("de-at").locale).toBe("de-AT");
    expect(resolveCatalog(null, "ja-JP,ja;q=0.9,en;q=0.8").locale).toBe("ja-JP");
    expect(resolveCatalog("xx", "zz, fr;q=0.5").locale).toBe("fr");
    expect(resolveCatalog("zh").messages).toBe(resolveCatalog("zh-CN").messages);
    expect(resolveCatalog("not a tag!")).toEqual({ locale: "en", dir: "ltr", messages: en });
    expect(resolveCatalog(null)).toEqual({ locale: "en", dir: "ltr", messages: en });
  });

  it("writes Arabic and Hebrew right to left and every other language left to right", () => {
    const rtl = LANGUAGES.filter((tag) => resolveCatalog(tag).dir === "rtl");
    expect(rtl).toEqual(["ar", "he"]);
    expect(resolveCatalog("ar-EG")).toMatchObject({ locale: "ar-EG", dir: "rtl" });
    expect(resolveCatalog(null, "he-IL,he;q=0.9").dir).toBe("rtl");
  });
});

import { describe, expect, it } from "vitest";
import { en } from "../../../src/locales/en.ts";
import { resolveCatalog } from "../../../src/locales/index.ts";

const placeholders = (text: string) => [...text.matchAll(/\{(\w)\}/g)].map((m) => m[1]).sort();

describe("translations", () => {
  it("has every English key, with the same placeholders, in each language", () => {
    for (const tag of ["es", "fr", "de", "pt-BR", "ja"]) {
      const { messages } = resolveCatalog(tag);
      expect(messages, tag).not.toBe(en);
      expect(Object.keys(messages).sort(), tag).toEqual(Object.keys(en).sort());
      for (const key of Object.keys(en) as (keyof typeof en)[]) {
        expect(placeholders(messages[key]), `${tag} ${key}`).toEqual(placeholders(en[key]));
        expect(messages[key].trim(), `${tag} ${key}`).not.toBe("");
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
    expect(resolveCatalog("not a tag!")).toEqual({ locale: "en", messages: en });
    expect(resolveCatalog(null)).toEqual({ locale: "en", messages: en });
  });
});

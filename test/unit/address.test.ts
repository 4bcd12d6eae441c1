import maxMetadata from "libphonenumber-js/max/metadata";
import minMetadata from "libphonenumber-js/min/metadata";
import { describe, expect, it } from "vitest";
import {
  addressPartProblem,
  hasPostalCodes,
  needsRegion,
  normalizePhone,
  normalizePostalCode,
} from "../../src/address.ts";
import { COUNTRY_CODES, countryNames, regionOf } from "../../src/countries.ts";

describe("address rules", () => {
  it("require line 1 and the city everywhere, line 2 nowhere", () => {
    for (const country of ["US", "DE", "JP", "AE"]) {
      expect(addressPartProblem("line1", " ", country), country).toBe("required");
      expect(addressPartProblem("city", "", country), country).toBe("required");
      expect(addressPartProblem("line2", "", country), country).toBeNull();
    }
    expect(addressPartProblem("line1", "x".repeat(201), "US")).toBe("invalid");
  });

  it("require a region only where addresses need one", () => {
    expect(needsRegion("US")).toBe(true);
    expect(addressPartProblem("state", "", "US")).toBe("required");
    expect(addressPartProblem("state", "", "DE")).toBeNull();
    expect(addressPartProblem("state", "Bayern", "DE")).toBeNull();
  });

  it("check postal codes by their country's pattern, and require them only where there are some", () => {
    const cases: [string, string, ReturnType<typeof addressPartProblem>][] = [
      ["US", "94043", null],
      ["US", "94043-1351", null],
      ["US", "9404", "invalid"],
      ["GB", "sw1a 2aa", null],
      ["GB", "SW1A2AA", null],
      ["GB", "12345", "invalid"],
      ["NL", "1012 ab", null],
      ["CA", "K1A 0B1", null],
      ["DE", "10117", null],
      ["DE", "1011", "invalid"],
      ["JP", "100-0001", null],
      ["DE", "", "required"],
      // No postal codes of a known shape: optional, and anything short goes.
      ["AE", "", null],
      ["AE", "PO 123", null],
    ];
    for (const [country, code, problem] of cases) {
      expect(addressPartProblem("postal_code", code, country), `${country} ${code}`).toBe(problem);
    }
    expect(hasPostalCodes("AE")).toBe(false);
    expect(hasPostalCodes("gb")).toBe(false);
    expect(normalizePostalCode("  sw1a   2aa ")).toBe("SW1A 2AA");
  });

  it("read phone numbers in E.164, with the country for national ones", () => {
    for (const metadata of [minMetadata, maxMetadata]) {
      expect(normalizePhone("020 7946 0018", "GB", metadata)).toBe("+442079460018");
      expect(normalizePhone("+1 (201) 555-0123", "GB", metadata)).toBe("+12015550123");
      expect(normalizePhone("030 901820", "DE", metadata)).toBe("+4930901820");
      expect(normalizePhone("12", "US", metadata)).toBeNull();
      expect(normalizePhone("020 7946 0018", "", metadata)).toBeNull();
      expect(normalizePhone("+44 20 7946 0018".padEnd(41, "0"), "GB", metadata)).toBeNull();
    }
    // The small metadata checks a number's length for its country; the full one its digits too.
    expect(normalizePhone("+49 888 8565481", "", minMetadata)).toBe("+498888565481");
    expect(normalizePhone("+49 888 8565481", "", maxMetadata)).toBeNull();
  });
});

describe("countries", () => {
  it("list two-letter codes, and find a language's region among them", () => {
    expect(COUNTRY_CODES).toContain("US");
    expect(COUNTRY_CODES.every((code) => /^[A-Z]{2}$/.test(code))).toBe(true);
    expect(new Set(COUNTRY_CODES).size).toBe(COUNTRY_CODES.length);
    expect(regionOf("pt-BR")).toBe("BR");
    expect(regionOf("de")).toBe("DE");
    expect(regionOf("es-419")).toBeNull();
    expect(regionOf("!")).toBeNull();
  });

  it("are named and sorted in the buyer's language, once per language", () => {
    const swedish = countryNames("sv");
    expect(swedish.map(([code]) => code).sort()).toEqual([...COUNTRY_CODES].sort());
    expect(swedish).toContainEqual(["SE", "Sverige"]);
    // Swedish sorts Å, Ä and Ö after Z.
    expect(swedish.at(-1)![1]).toMatch(/^Ö/);
    expect(countryNames("en").find(([code]) => code === "SE")![1]).toBe("Sweden");
    expect(countryNames("sv")).toBe(swedish);
  });
});

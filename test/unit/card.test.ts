import { describe, expect, it } from "vitest";
import {
  checkCardNumber,
  detectBrand,
  formatCardNumber,
  formatExpiry,
  isExpired,
  luhnValid,
  parseExpiry,
} from "../../src/card.ts";

describe("card helpers", () => {
  it("detects brands from leading digits", () => {
    expect(detectBrand("4242")).toBe("visa");
    expect(detectBrand("5555 5555")).toBe("mastercard");
    expect(detectBrand("2221 00")).toBe("mastercard");
    expect(detectBrand("3782")).toBe("amex");
    expect(detectBrand("6011")).toBe("discover");
    expect(detectBrand("9")).toBe("unknown");
  });

  it("validates with Luhn and length", () => {
    expect(luhnValid("4242 4242 4242 4242")).toBe(true);
    expect(luhnValid("4242 4242 4242 4241")).toBe(false);
    expect(checkCardNumber("")).toBe("empty");
    expect(checkCardNumber("4242 4242")).toBe("incomplete");
    expect(checkCardNumber("4242 4242 4242 4241")).toBe("invalid");
    expect(checkCardNumber("378282246310005")).toBeNull();
  });

  it("groups digits as printed", () => {
    expect(formatCardNumber("4242424242424242")).toBe("4242 4242 4242 4242");
    expect(formatCardNumber("378282246310005")).toBe("3782 822463 10005");
    expect(formatCardNumber("42a4-2")).toBe("4242");
  });

  it("parses and checks expiry dates", () => {
    expect(parseExpiry("12/34")).toEqual({ month: 12, year: 2034 });
    expect(parseExpiry("1 / 2030")).toEqual({ month: 1, year: 2030 });
    expect(parseExpiry("13/30")).toBeNull();
    const now = new Date(Date.UTC(2026, 10, 23));
    expect(isExpired(11, 2026, now)).toBe(false);
    expect(isExpired(10, 2026, now)).toBe(true);
    expect(formatExpiry("1234")).toBe("12/34");
    expect(formatExpiry("4")).toBe("04/");
  });
});

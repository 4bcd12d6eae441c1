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

  it("reads every spelling of an expiry a buyer pastes or a browser autofills", () => {
    const december2034 = ["12 / 34", "12/34", "1234", "12/2034", "12-34", " 12 /34 ", "122034"];
    for (const spelling of december2034) {
      expect(parseExpiry(spelling), spelling).toEqual({ month: 12, year: 2034 });
      expect(formatExpiry(spelling), spelling).toBe("12 / 34");
    }
    for (const spelling of ["1/34", "01/34", "1 / 2034", "134", "1-34"]) {
      expect(parseExpiry(spelling), spelling).toEqual({ month: 1, year: 2034 });
      expect(formatExpiry(spelling), spelling).toBe("01 / 34");
    }
    for (const spelling of ["13/30", "0/30", "12", "12/3", "12/203", "", "MM / YY"]) {
      expect(parseExpiry(spelling), spelling).toBeNull();
    }
  });

  it("formats the expiry while the buyer types or deletes, one character at a time", () => {
    const typed = ["1", "12", "123", "1234", "12345"].map(formatExpiry);
    expect(typed).toEqual(["1", "12", "12 / 3", "12 / 34", "12 / 34"]);
    expect(formatExpiry("4")).toBe("04");
    expect(formatExpiry("13")).toBe("01 / 3");
    expect(formatExpiry("1/")).toBe("1");
    expect(formatExpiry("1/3")).toBe("01 / 3");
    expect(formatExpiry("12 / 20")).toBe("12 / 20");
    expect(formatExpiry("12 / 203")).toBe("12 / 203");
    expect(formatExpiry("12 / 2034")).toBe("12 / 34");
    // Backspace over the separator removes it for good.
    expect(formatExpiry("12 / ")).toBe("12");
    expect(formatExpiry("12 /")).toBe("12");
  });

  it("treats a card as valid through the end of its expiry month", () => {
    const now = new Date(Date.UTC(2026, 10, 23));
    expect(isExpired(11, 2026, now)).toBe(false);
    expect(isExpired(10, 2026, now)).toBe(true);
  });
});

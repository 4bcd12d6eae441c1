import { describe, expect, it } from "vitest";
import { currencyExponent, formatMoney as format, toDecimalString } from "../../src/money.ts";

describe("money", () => {
  it("turns minor units into exact decimal strings per currency exponent", () => {
    expect(toDecimalString(4900, "usd")).toBe("49.00");
    expect(toDecimalString(5, "usd")).toBe("0.05");
    expect(toDecimalString(1234, "jpy")).toBe("1234");
    expect(toDecimalString(12345, "kwd")).toBe("12.345");
    expect(toDecimalString(-250, "eur")).toBe("-2.50");
    expect(() => toDecimalString(1.5, "usd")).toThrow(RangeError);
  });

  it("knows zero- and three-decimal currencies", () => {
    for (const code of ["jpy", "krw", "clp", "vnd"]) expect(currencyExponent(code)).toBe(0);
    for (const code of ["bhd", "kwd", "jod", "omr", "tnd"]) expect(currencyExponent(code)).toBe(3);
    expect(currencyExponent("USD")).toBe(2);
  });

  it("formats with Intl for the locale", () => {
    // Intl separates codes from amounts with a no-break space; compare with plain spaces.
    const formatMoney = (...args: Parameters<typeof format>) =>
      format(...args).replace(/\u00a0/g, " ");
    expect(formatMoney(4900, "usd", "en-US")).toBe("$49.00");
    expect(formatMoney(1000, "usd", "en-AU")).toBe("USD 10.00");
    expect(formatMoney(1500, "jpy", "en-US")).toBe("¥1,500");
    expect(formatMoney(12345, "kwd", "en-US")).toBe("KWD 12.345");
    expect(formatMoney(123456789012345, "usd", "en-US")).toBe("$1,234,567,890,123.45");
  });
});

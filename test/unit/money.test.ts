import { describe, expect, it } from "vitest";
import {
  currencyExponent,
  dueToday,
  firstPrices,
  formatMoney as format,
  rememberPrices,
  toDecimalString,
} from "../../src/money.ts";

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

  it("keeps a formatter per locale and currency, never mixing them up", () => {
    const formatMoney = (...args: Parameters<typeof format>) =>
      format(...args).replace(/\u00a0/g, " ");
    const round = () => [
      formatMoney(4900, "usd", "de-DE"),
      formatMoney(4900, "eur", "de-DE"),
      formatMoney(4900, "usd", "en-US"),
      formatMoney(1500, "jpy", "en-US"),
      formatMoney(4900, "usd", undefined),
    ];
    const expected = ["49,00 $", "49,00 €", "$49.00", "¥1,500", formatMoney(4900, "usd")];
    expect(round()).toEqual(expected);
    expect(round()).toEqual(expected);
  });
});

/** The currency list of the platform's plan objects (baseCurrency). */
const DOC_CURRENCIES =
  "aed all amd ape ars aud bam bgn bhd bob brl bsd cad chf clp cop crc czk dkk dop dzd egp etb eth eur gbp ghs gmd gtq gyd hkd huf idr ils inr jmd jod jpy kes khr krw kwd lkr mad mdl mga mkd mnt mop mur mxn myr nad ngn nok nzd omr pen php pkr pln pyg qar ron rsd rub rwf sar sek sgd thb tnd try ttd twd tzs usd uyu uzs vnd xcd xof zar".split(
    " ",
  );

describe("every currency of the platform", () => {
  it("formats each code with exactly its number of minor digits, in several locales", () => {
    for (const code of DOC_CURRENCIES) {
      const exponent = currencyExponent(code);
      for (const locale of ["en-US", "de-DE", "ja-JP", "pt-BR"]) {
        const text = format(123456, code, locale);
        // The last group of digits is the fraction: as many as the exponent says.
        const digits = /(\d+)\D*$/.exec(text)![1]!;
        if (exponent === 0) expect(text, `${code} ${locale}`).toMatch(/123.?456/);
        else expect(digits.length, `${code} ${locale}: ${text}`).toBe(exponent);
      }
    }
  });

  it("never goes through floats, even where floats would round", () => {
    expect(toDecimalString(1, "kwd")).toBe("0.001");
    expect(format(10, "usd", "en-US")).toBe("$0.10");
    expect(format(Number.MAX_SAFE_INTEGER, "usd", "en-US")).toBe("$90,071,992,547,409.91");
  });

  it("charges nothing today during a free trial, else the initial price", () => {
    expect(dueToday({ trial_period_days: 7, initial_price: 2000 })).toBe(0);
    expect(dueToday({ trial_period_days: null, initial_price: 2000 })).toBe(2000);
  });

  it("gives the same text for an amount however many others came between", () => {
    // Past the texts it keeps, so they are dropped and made again on the way.
    for (let minor = 0; minor < 2_500; minor++) {
      expect(format(minor * 7, "usd", "en-US")).toBe(`$${toDecimalString(minor * 7, "usd")}`);
    }
    expect(format(0, "usd", "en-US")).toBe("$0.00");
  });

  it("answers with prices formatted ahead for their locale, and formats every other one", () => {
    // A tag of its own: what is remembered stays for the rest of this file.
    const plan = { base_currency: "usd", initial_price: 4900, renewal_price: 1900 };
    const prices = firstPrices({ ...plan, trial_period_days: null }, "en-CA");
    expect(Object.values(prices).sort()).toEqual(["US$19.00", "US$49.00"]);
    rememberPrices(Object.fromEntries(Object.keys(prices).map((key) => [key, `ahead ${key}`])));
    expect(format(4900, "usd", "en-CA")).toMatch(/^ahead /);
    expect(format(1900, "usd", "en-CA")).toMatch(/^ahead /);
    expect(format(4901, "usd", "en-CA")).toBe("US$49.01");
    expect(format(4900, "cad", "en-CA")).toBe("$49.00");
    expect(format(4900, "usd", "en-US")).toBe("$49.00");
    // What is due today during a free trial is one of them too.
    expect(Object.values(firstPrices({ ...plan, trial_period_days: 7 }, "en-US")).sort()).toEqual([
      "$0.00",
      "$19.00",
      "$49.00",
    ]);
  });
});

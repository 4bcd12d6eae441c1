/**
 * Money is integer minor units everywhere (cents, yen, fils). These helpers turn it into exact
 * decimal strings and localized text without ever adding floats.
 */

/** ISO 4217 exponents that differ from 2 for the currencies the platform sells in. */
const EXPONENTS: Record<string, number> = {
  bhd: 3,
  jod: 3,
  kwd: 3,
  omr: 3,
  tnd: 3,
  clp: 0,
  jpy: 0,
  krw: 0,
  pyg: 0,
  rwf: 0,
  vnd: 0,
  xof: 0,
};

export const currencyExponent = (currency: string): number =>
  EXPONENTS[currency.toLowerCase()] ?? 2;

/** 12345 minor units of USD → "123.45"; of JPY → "12345"; of KWD → "12.345". */
export function toDecimalString(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`Amount must be an integer: ${minor}`);
  const exponent = currencyExponent(currency);
  const sign = minor < 0 ? "-" : "";
  const digits = String(Math.abs(minor)).padStart(exponent + 1, "0");
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/**
 * One formatter per locale and currency: building one costs far more than formatting with it
 * (it was a twentieth of a payment's CPU time on the server, which formats every receipt).
 */
const formats = new Map<string, Intl.NumberFormat>();

/** Localized price text, e.g. "US$10.00" for (1000, "usd", "en-AU"). */
export function formatMoney(minor: number, currency: string, locale?: string): string {
  const exponent = currencyExponent(currency);
  const key = `${locale}/${currency}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: "currency",
      currency: currency.toUpperCase(),
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    });
    formats.set(key, format);
  }
  // Intl accepts exact decimal strings, so no float rounding happens on the way.
  return format.format(toDecimalString(minor, currency) as unknown as number);
}

/**
 * What the buyer pays today for a plan, before any discount: nothing during a free trial, else
 * the initial price. The checkout shows it and the platform charges it.
 */
export const dueToday = (plan: {
  initial_price: number;
  trial_period_days: number | null;
}): number => (plan.trial_period_days ? 0 : plan.initial_price);

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

/**
 * Texts already made, by locale, currency and amount: a plan's prices recur in every receipt
 * the server writes and every render of its checkout, and formatting costs more than a lookup.
 * Cleared when full, so memory stays bounded. The checkout's shell seeds the browser's with the
 * prices its first render shows (`firstPrices`), because a browser's first `Intl.NumberFormat`
 * loads its ICU data (some 20 ms in Chromium).
 */
const texts = new Map<string, string>();
const MAX_TEXTS = 1000;
const textKey = (minor: number, currency: string, locale?: string) =>
  `${locale}/${currency}/${minor}`;

function remember(key: string, text: string): void {
  if (texts.size >= MAX_TEXTS) texts.clear();
  texts.set(key, text);
}

/** Localized price text, e.g. "US$10.00" for (1000, "usd", "en-AU"). */
export function formatMoney(minor: number, currency: string, locale?: string): string {
  const key = textKey(minor, currency, locale);
  const known = texts.get(key);
  if (known !== undefined) return known;
  const exponent = currencyExponent(currency);
  const formatKey = `${locale}/${currency}`;
  let format = formats.get(formatKey);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: "currency",
      currency: currency.toUpperCase(),
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    });
    formats.set(formatKey, format);
  }
  // Intl accepts exact decimal strings, so no float rounding happens on the way.
  const text = format.format(toDecimalString(minor, currency) as unknown as number);
  remember(key, text);
  return text;
}

/** A plan's amounts as far as its first prices go. */
export type PricedPlan = {
  base_currency: string;
  initial_price: number;
  renewal_price: number;
  trial_period_days: number | null;
};

/**
 * The prices a checkout of `plan` shows before the buyer changes anything (its price line and
 * what is due today), formatted in `locale`, for the browser's `rememberPrices`.
 */
export function firstPrices(plan: PricedPlan, locale: string): Record<string, string> {
  const prices: Record<string, string> = {};
  for (const minor of [plan.initial_price, plan.renewal_price, dueToday(plan)]) {
    prices[textKey(minor, plan.base_currency, locale)] = formatMoney(
      minor,
      plan.base_currency,
      locale,
    );
  }
  return prices;
}

/** Keeps prices formatted elsewhere (`firstPrices`, in the shell) for `formatMoney` to answer. */
export function rememberPrices(prices: Record<string, string>): void {
  for (const [key, text] of Object.entries(prices)) remember(key, text);
}

/**
 * What the buyer pays today for a plan, before any discount: nothing during a free trial, else
 * the initial price. The checkout shows it and the platform charges it.
 */
export const dueToday = (plan: {
  initial_price: number;
  trial_period_days: number | null;
}): number => (plan.trial_period_days ? 0 : plan.initial_price);

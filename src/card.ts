/**
 * Card number helpers shared by the checkout form (formatting, inline validation) and the
 * platform (re-validation, brand + last4). Nothing here keeps a card number anywhere.
 */

export type CardBrand =
  | "visa"
  | "mastercard"
  | "amex"
  | "discover"
  | "diners"
  | "jcb"
  | "unionpay"
  | "unknown";

export const digitsOnly = (value: string): string => value.replace(/\D+/g, "");

/** Brand from the leading digits (IIN ranges); "unknown" until enough digits are typed. */
export function detectBrand(number: string): CardBrand {
  const n = digitsOnly(number);
  if (/^4/.test(n)) return "visa";
  if (/^(5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/.test(n)) return "mastercard";
  if (/^3[47]/.test(n)) return "amex";
  if (/^(6011|65|64[4-9])/.test(n)) return "discover";
  if (/^(36|38|30[0-5])/.test(n)) return "diners";
  if (/^35(2[89]|[3-8]\d)/.test(n)) return "jcb";
  if (/^62/.test(n)) return "unionpay";
  return "unknown";
}

const cardLengths = (brand: CardBrand): number[] =>
  brand === "amex" ? [15] : brand === "diners" ? [14, 16] : [16, 19];

export const cvcLength = (brand: CardBrand): number => (brand === "amex" ? 4 : 3);

/** The Luhn checksum every real card number satisfies. */
export function luhnValid(number: string): boolean {
  const n = digitsOnly(number);
  if (n.length < 12) return false;
  let sum = 0;
  for (let i = 0; i < n.length; i++) {
    let digit = Number(n[n.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Groups digits the way they are printed on the card: 4-6-5 for Amex, fours otherwise. */
export function formatCardNumber(value: string): string {
  const n = digitsOnly(value).slice(0, 19);
  const groups = detectBrand(n) === "amex" ? [4, 6, 5] : [4, 4, 4, 4, 3];
  const parts: string[] = [];
  let at = 0;
  for (const size of groups) {
    if (at >= n.length) break;
    parts.push(n.slice(at, at + size));
    at += size;
  }
  return parts.join(" ");
}

type CardNumberProblem = "empty" | "incomplete" | "invalid";

export function checkCardNumber(value: string): CardNumberProblem | null {
  const n = digitsOnly(value);
  if (!n) return "empty";
  const brand = detectBrand(n);
  if (!cardLengths(brand).includes(n.length) && !(brand === "unknown" && n.length >= 12)) {
    return n.length < Math.min(...cardLengths(brand)) ? "incomplete" : "invalid";
  }
  return luhnValid(n) ? null : "invalid";
}

/** Parses "MM/YY" (or "MM / YYYY"); null when the text is not a month and year. */
export function parseExpiry(value: string): { month: number; year: number } | null {
  const match = /^\s*(\d{1,2})\s*\/?\s*(\d{2}|\d{4})\s*$/.exec(value);
  if (!match) return null;
  const month = Number(match[1]);
  const year = match[2]!.length === 2 ? 2000 + Number(match[2]) : Number(match[2]);
  return month >= 1 && month <= 12 ? { month, year } : null;
}

/** A card is valid through the last day of its expiry month. */
export function isExpired(month: number, year: number, now = new Date()): boolean {
  const thisMonth = now.getUTCFullYear() * 12 + now.getUTCMonth();
  return year * 12 + (month - 1) < thisMonth;
}

/** Formats typed expiry digits as "MM/YY" while the buyer types. */
export function formatExpiry(value: string): string {
  const n = digitsOnly(value).slice(0, 4);
  if (n.length === 1 && Number(n) > 1) return `0${n}/`;
  return n.length > 2 ? `${n.slice(0, 2)}/${n.slice(2)}` : n;
}

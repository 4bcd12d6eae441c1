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

/** How each brand is printed: the payment form's badge and the receipt email. */
export const BRAND_NAMES: Record<string, string> = {
  visa: "Visa",
  mastercard: "Mastercard",
  amex: "Amex",
  discover: "Discover",
  diners: "Diners Club",
  jcb: "JCB",
  unionpay: "UnionPay",
};

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

/**
 * The month and year digits in an expiry as typed, pasted or autofilled: "12 / 34", "12/34",
 * "1234", "12/2034", "1/34", "12-34". A separator ends the month ("1/34" is January); without
 * one, the first digit is the whole month when no month starts with it ("4" is April, "13" is
 * January then 3). A year with its century keeps its last two digits; "203" is a year on its way
 * to "2034", so it is kept while the buyer types.
 */
function expiryParts(value: string): { month: string; year: string } {
  const groups = value.match(/\d+/g) ?? [];
  let month: string;
  let rest: string;
  if (groups.length > 1 && groups[0]!.length <= 2) {
    month = groups[0]!.padStart(2, "0");
    rest = groups.slice(1).join("");
  } else {
    const digits = groups.join("");
    const single = Number(digits[0]) > 1 || (digits[0] === "1" && Number(digits[1]) > 2);
    month = single ? `0${digits[0]}` : digits.slice(0, 2);
    rest = digits.slice(single ? 1 : 2);
  }
  if (/^20\d\d$/.test(rest)) return { month, year: rest.slice(2) };
  return { month, year: /^20\d$/.test(rest) ? rest : rest.slice(0, 2) };
}

/** Month and year of an expiry in any spelling `expiryParts` reads; null when it is not one. */
export function parseExpiry(value: string): { month: number; year: number } | null {
  const { month, year } = expiryParts(value);
  if (year.length !== 2) return null;
  const number = Number(month);
  return number >= 1 && number <= 12 ? { month: number, year: 2000 + Number(year) } : null;
}

/** A card is valid through the last day of its expiry month. */
export function isExpired(month: number, year: number, now = new Date()): boolean {
  const thisMonth = now.getUTCFullYear() * 12 + now.getUTCMonth();
  return year * 12 + (month - 1) < thisMonth;
}

/**
 * The expiry as the form shows it, "MM / YY", from any spelling `expiryParts` reads. The
 * separator appears with the first year digit, so deleting backwards never meets a separator
 * that comes back.
 */
export function formatExpiry(value: string): string {
  const { month, year } = expiryParts(value);
  return year ? `${month} / ${year}` : month;
}

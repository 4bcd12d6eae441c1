import {
  checkCardNumber,
  cvcLength,
  detectBrand,
  digitsOnly,
  isExpired,
  parseExpiry,
} from "../card.ts";

export type FieldName = "email" | "name" | "cardNumber" | "expiry" | "cvc";
export type FormValues = Record<FieldName, string>;

/** The order fields appear in; the first invalid one gets focus on submit. */
export const FIELD_ORDER: FieldName[] = ["email", "name", "cardNumber", "expiry", "cvc"];

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The problem with one field as a sentence for the buyer, or null when it is fine. */
export function validateField(
  name: FieldName,
  values: FormValues,
  now = new Date(),
): string | null {
  const value = values[name].trim();
  switch (name) {
    case "email":
      if (!value) return "Enter your email address.";
      return EMAIL.test(value) ? null : "Enter a valid email address, like name@example.com.";
    case "name":
      return value ? null : "Enter the name on your card.";
    case "cardNumber": {
      const problem = checkCardNumber(value);
      if (problem === "empty") return "Enter your card number.";
      if (problem === "incomplete") return "Your card number is incomplete.";
      return problem ? "Your card number is invalid." : null;
    }
    case "expiry": {
      if (!value) return "Enter the expiry date.";
      const expiry = parseExpiry(value);
      if (!expiry) return "Enter the expiry date as MM/YY.";
      return isExpired(expiry.month, expiry.year, now)
        ? "Your card's expiry date is in the past."
        : null;
    }
    case "cvc": {
      const expected = cvcLength(detectBrand(values.cardNumber));
      if (!value) return "Enter the security code.";
      return digitsOnly(value).length === expected && /^\d+$/.test(value)
        ? null
        : `The security code is ${expected} digits.`;
    }
  }
}

export function validateAll(
  values: FormValues,
  now = new Date(),
): Partial<Record<FieldName, string>> {
  const errors: Partial<Record<FieldName, string>> = {};
  for (const name of FIELD_ORDER) {
    const error = validateField(name, values, now);
    if (error) errors[name] = error;
  }
  return errors;
}

import {
  checkCardNumber,
  cvcLength,
  detectBrand,
  digitsOnly,
  isExpired,
  parseExpiry,
} from "../card.ts";
import type { CustomField } from "../protocol/index.ts";
import { EMAIL } from "../settings.ts";
import { t } from "./i18n.ts";

/** Form values by field name; a plan's custom fields are keyed `cf_<id>`. */
export type FormValues = Record<string, string>;
export type FormErrors = Record<string, string | undefined>;

/**
 * The payment fields in the order they appear; the first invalid one gets focus on submit. The
 * buyer-details code appends its own when it loads.
 */
export const PAY_FIELDS = ["email", "cardNumber", "expiry", "cvc", "name", "country"];

export const customKey = (field: CustomField) => `cf_${field.id}`;

/**
 * The checks of the buyer-details fields (addresses, phone), by field name as the payment API
 * names it ("shipping_address.postal_code"): filled in by their code when it loads
 * (src/checkout/details/), only for checkouts that collect them.
 */
export const detailChecks: Record<string, (values: FormValues) => string | null> = {};

/** A plan's custom fields in their display order. */
export const sortedCustomFields = (fields: CustomField[]) =>
  [...fields].sort((a, b) => a.order - b.order);

/** The problem with one field as a sentence for the buyer, or null when it is fine. */
export function validateField(
  name: string,
  values: FormValues,
  now = new Date(),
  custom?: CustomField,
): string | null {
  const value = (values[name] ?? "").trim();
  if (custom) return custom.required && !value ? t("eRequired", { f: custom.name }) : null;
  if (detailChecks[name]) return detailChecks[name](values);
  switch (name) {
    case "email":
      if (!value) return t("eEmail");
      return EMAIL.test(value) ? null : t("eEmailBad");
    case "name":
      return value ? null : t("eName");
    case "country":
      return /^[A-Z]{2}$/.test(value) ? null : t("eCountry");
    case "cardNumber": {
      const problem = checkCardNumber(value);
      if (problem === "empty") return t("eNum");
      if (problem === "incomplete") return t("eNumShort");
      return problem ? t("eNumBad") : null;
    }
    case "expiry": {
      if (!value) return t("eExp");
      const expiry = parseExpiry(value);
      if (!expiry) return t("eExpBad", { f: t("expFormat") });
      return isExpired(expiry.month, expiry.year, now) ? t("eExpPast") : null;
    }
    case "cvc": {
      const expected = cvcLength(detectBrand(values.cardNumber ?? ""));
      if (!value) return t("eCvc");
      return /^\d+$/.test(value) && digitsOnly(value).length === expected
        ? null
        : t("eCvcLen", { n: expected });
    }
  }
  return null;
}

/**
 * Checks `names` in order (custom fields by their `cf_` key) and returns every problem;
 * the keys keep that order, so the first key is the field to focus.
 */
export function validateAll(
  names: readonly string[],
  values: FormValues,
  customFields: CustomField[] = [],
  now = new Date(),
): FormErrors {
  const errors: FormErrors = {};
  for (const name of names) {
    const custom = customFields.find((field) => customKey(field) === name);
    const error = validateField(name, values, now, custom);
    if (error) errors[name] = error;
  }
  return errors;
}

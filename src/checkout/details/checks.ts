import metadata from "libphonenumber-js/min/metadata";
import {
  type AddressPart,
  addressPartProblem,
  normalizePhone,
  normalizePostalCode,
} from "../../address.ts";
import type { AddressInput, BuyerDetails, PaymentRequest } from "../../protocol/index.ts";
import type { FormValues } from "../fields.ts";
import { countryName, type MessageKey, t } from "../i18n.ts";

/** The two addresses a checkout may collect, by the prefix of their fields. */
export type Side = "billing_address" | "shipping_address";

/** An address's parts in form order (a shipping address starts with the recipient). */
export const PARTS = ["line1", "line2", "city", "state", "postal_code"] as const;

/** The form field of an address's country: the billing country is the payment's own. */
export const countryField = (side: Side) =>
  side === "billing_address" ? "country" : "shipping_address.country";

const country = (values: FormValues, side: Side) => values[countryField(side)] ?? "";

/** What to ask for when a part is missing. */
const REQUIRED: Record<AddressPart, MessageKey> = {
  name: "eFullName",
  line1: "eLine1",
  line2: "eLine1",
  city: "eCity",
  state: "eState",
  postal_code: "ePostal",
};

/** The check of one part of an address, as the platform checks it (src/address.ts). */
const partCheck = (side: Side, part: AddressPart) => (values: FormValues) => {
  const where = country(values, side);
  const problem = addressPartProblem(part, values[`${side}.${part}`] ?? "", where);
  if (!problem) return null;
  return problem === "required" ? t(REQUIRED[part]) : t("ePostalBad", { c: countryName(where) });
};

/** The buyer's phone number in E.164, read with the shipping country, else the billing one. */
const phoneOf = (values: FormValues) =>
  normalizePhone(
    (values.phone ?? "").trim(),
    values["shipping_address.country"] || values.country || "",
    metadata,
  );

/**
 * The checks of every field `details` collects, in form order, by field name: what
 * `detailChecks` (../fields.ts) runs. The shipping country has a check of its own; the
 * billing country is the payment form's.
 */
export function checksFor(details: BuyerDetails) {
  const checks: Record<string, (values: FormValues) => string | null> = {};
  const address = (side: Side) => {
    for (const part of PARTS) checks[`${side}.${part}`] = partCheck(side, part);
  };
  if (details.address) address("billing_address");
  if (details.shipping) {
    checks["shipping_address.name"] = partCheck("shipping_address", "name");
    checks["shipping_address.country"] = (values) =>
      /^[A-Z]{2}$/.test(values["shipping_address.country"] ?? "") ? null : t("eCountry");
    address("shipping_address");
  }
  if (details.phone) {
    checks.phone = (values) =>
      !values.phone?.trim() ? t("ePhone") : phoneOf(values) ? null : t("ePhoneBad");
  }
  return checks;
}

/** An address of the form as the payment API takes it (optional parts left out when empty). */
function addressOf(values: FormValues, side: Side): AddressInput {
  const part = (name: AddressPart) => values[`${side}.${name}`]?.trim() || undefined;
  const postal = part("postal_code");
  return {
    line1: part("line1")!,
    line2: part("line2"),
    city: part("city")!,
    state: part("state"),
    postal_code: postal && normalizePostalCode(postal),
    country: country(values, side),
  };
}

/** The payment body's buyer details for what the checkout collects. */
export function detailsBody(details: BuyerDetails, values: FormValues): Partial<PaymentRequest> {
  const body: Partial<PaymentRequest> = {};
  if (details.address) body.billing_address = addressOf(values, "billing_address");
  if (details.shipping) {
    body.shipping_address = {
      name: values["shipping_address.name"]!.trim(),
      ...addressOf(values, "shipping_address"),
    };
  }
  if (details.phone) body.phone = phoneOf(values) ?? values.phone!.trim();
  return body;
}

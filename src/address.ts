/**
 * The rules of a buyer's details beyond the card, shared by the checkout's form and the
 * platform, so that both judge an address or a phone number alike: which parts of a postal
 * address a country needs, the shape of its postal codes (postcode-validator's patterns, one per
 * country), and phone numbers (libphonenumber-js, given its metadata: the checkout loads the
 * small "min" set, which checks a number's length for its country; the platform the full set,
 * which checks its digits too).
 */
import {
  type CountryCode,
  type MetadataJson,
  parsePhoneNumberFromString,
} from "libphonenumber-js/core";
import { postcodeValidator, postcodeValidatorExistsForCountry } from "postcode-validator";

/** The parts of a postal address (a shipping address adds the recipient's `name`). */
export type AddressPart = "name" | "line1" | "line2" | "city" | "state" | "postal_code";

/** The longest each part may be, in characters. */
export const ADDRESS_LIMITS: Record<AddressPart, number> = {
  name: 200,
  line1: 200,
  line2: 200,
  city: 100,
  state: 100,
  postal_code: 20,
};

/** A country as the API and the form name it: ISO 3166-1 alpha-2, upper case. */
export const COUNTRY_CODE = /^[A-Z]{2}$/;

/**
 * Countries whose mail is addressed with a region (state, province, prefecture): there it is
 * required; elsewhere it is optional.
 */
const REGION_COUNTRIES = ["AU", "BR", "CA", "CN", "IN", "JP", "MX", "US"];

/** A postal code as written on mail: trimmed, single spaces, upper case ("sw1a  1aa" → "SW1A 1AA"). */
export const normalizePostalCode = (code: string) => code.trim().replace(/\s+/g, " ").toUpperCase();

/** Whether `country` has postal codes of a known shape (then they are required and checked). */
export const hasPostalCodes = (country: string) =>
  COUNTRY_CODE.test(country) && postcodeValidatorExistsForCountry(country);

/** Whether addresses in `country` need a region. */
export const needsRegion = (country: string) => REGION_COUNTRIES.includes(country);

/** What is wrong with one part of an address: missing though required, or not a valid value. */
type AddressProblem = "required" | "invalid";

/** The problem with `value` as part `part` of an address in `country`, or null when it is fine. */
export function addressPartProblem(
  part: AddressPart,
  value: string,
  country: string,
): AddressProblem | null {
  const text = value.trim();
  const optional =
    part === "line2" ||
    (part === "state" && !needsRegion(country)) ||
    (part === "postal_code" && !hasPostalCodes(country));
  if (!text) return optional ? null : "required";
  if (text.length > ADDRESS_LIMITS[part]) return "invalid";
  if (part === "postal_code" && hasPostalCodes(country)) {
    return postcodeValidator(normalizePostalCode(text), country) ? null : "invalid";
  }
  return null;
}

/**
 * A phone number in E.164 form ("+442079460018"), or null when it is not a valid number by
 * `metadata`. A number without its country code is read as one of `country`.
 */
export function normalizePhone(value: string, country: string, metadata: MetadataJson) {
  if (value.length > 40) return null;
  const defaultCountry = COUNTRY_CODE.test(country) ? (country as CountryCode) : undefined;
  const parsed = parsePhoneNumberFromString(value, { defaultCountry }, metadata);
  return parsed?.isValid() ? parsed.number : null;
}

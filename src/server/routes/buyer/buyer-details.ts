/**
 * The buyer's details beyond the card in `POST /api/v1/payments`: a full billing address, a
 * shipping address and a phone number. Their shape is checked with the body (a 400 naming the
 * part, e.g. `shipping_address.postal_code`); what the plan requires, the billing country's
 * agreement and the phone number (read with the shipping or billing country) once the plan is
 * known. Postal codes and phone numbers follow the rules the checkout's form applies
 * (src/address.ts), the phone number with libphonenumber-js's full metadata.
 */
import metadata from "libphonenumber-js/max/metadata";
import * as v from "valibot";
import {
  ADDRESS_LIMITS,
  type AddressPart,
  addressPartProblem,
  COUNTRY_CODE,
  normalizePhone,
  normalizePostalCode,
} from "../../../address.ts";
import type { PostalAddress, ShippingAddress } from "../../../protocol/index.ts";
import { HttpError } from "../../http/http-error.ts";
import type { PlanRecord } from "../../store/records.ts";

type Side = "billing_address" | "shipping_address";

const text = (side: Side, part: AddressPart) =>
  v.pipe(
    v.string(`${side}.${part} must be a string.`),
    v.trim(),
    v.maxLength(ADDRESS_LIMITS[part], `${side}.${part} is too long.`),
  );
const required = (side: Side, part: AddressPart) =>
  v.pipe(text(side, part), v.minLength(1, `${side}.${part} is required.`));

interface CountryParts {
  [part: string]: unknown;
  country: string;
  state?: string | undefined;
  postal_code?: string | undefined;
}

/** A part a country may require or shape, checked against the country once the address parsed. */
const byCountry = <Address extends CountryParts>(side: Side, part: "state" | "postal_code") =>
  v.forward<Address, v.CheckIssue<Address>, never>(
    v.check(
      (address: Address) => !addressPartProblem(part, address[part] ?? "", address.country),
      (issue) => {
        const { country, [part]: value } = issue.input as Address;
        return value && part === "postal_code"
          ? `${side}.${part} is not a valid postal code in ${country}.`
          : `${side}.${part} is required for an address in ${country}.`;
      },
    ),
    [part] as never,
  );

const addressEntries = (side: Side) => ({
  line1: required(side, "line1"),
  line2: v.optional(text(side, "line2")),
  city: required(side, "city"),
  state: v.optional(text(side, "state")),
  postal_code: v.optional(text(side, "postal_code")),
  country: v.pipe(
    v.string(`${side}.country is required.`),
    v.regex(COUNTRY_CODE, `${side}.country must be a two-letter ISO 3166 code.`),
  ),
});

const billingObject = v.strictObject(
  addressEntries("billing_address"),
  "billing_address must be an object with line1, city and country.",
);
type Billing = v.InferOutput<typeof billingObject>;
const billingAddress = v.pipe(
  billingObject,
  byCountry<Billing>("billing_address", "state"),
  byCountry<Billing>("billing_address", "postal_code"),
);

const shippingObject = v.strictObject(
  { name: required("shipping_address", "name"), ...addressEntries("shipping_address") },
  "shipping_address must be an object with name, line1, city and country.",
);
type Shipping = v.InferOutput<typeof shippingObject>;
const shippingAddress = v.pipe(
  shippingObject,
  byCountry<Shipping>("shipping_address", "state"),
  byCountry<Shipping>("shipping_address", "postal_code"),
);

/** The buyer-detail fields of the payment body. */
export const BUYER_DETAIL_FIELDS = {
  billing_address: v.optional(billingAddress),
  shipping_address: v.optional(shippingAddress),
  phone: v.optional(
    v.pipe(
      v.string("phone must be a string."),
      v.trim(),
      v.minLength(1, "phone is empty."),
      v.maxLength(40, "phone is too long."),
    ),
  ),
};

type Given = {
  [Field in keyof typeof BUYER_DETAIL_FIELDS]?: v.InferOutput<(typeof BUYER_DETAIL_FIELDS)[Field]>;
} & { country?: string | undefined };

/** An address as stored: absent optional parts are null, the postal code as written on mail. */
function stored(address: Billing): PostalAddress {
  return {
    line1: address.line1,
    line2: address.line2 || null,
    city: address.city,
    state: address.state || null,
    postal_code: address.postal_code ? normalizePostalCode(address.postal_code) : null,
    country: address.country,
  };
}

const missing = (field: string, what: string) =>
  new HttpError(400, "invalid_request", `${field} is required: this plan asks for ${what}.`, field);

/**
 * What the payment records of the buyer's details: the billing country (the body's `country`,
 * else its billing address's), both addresses as stored and the phone number in E.164. A 400
 * names what the plan requires and is missing, or a phone number that is not one.
 */
export function buyerDetails(plan: PlanRecord, body: Given) {
  const billing = body.billing_address;
  const shipping = body.shipping_address;
  if (plan.collect_address && !billing) throw missing("billing_address", "a billing address");
  if (plan.collect_shipping && !shipping) throw missing("shipping_address", "a shipping address");
  if (plan.collect_phone && !body.phone) throw missing("phone", "a phone number");
  if (billing && body.country && billing.country !== body.country) {
    throw new HttpError(
      400,
      "invalid_request",
      `billing_address.country must be the payment's country (${body.country}).`,
      "billing_address.country",
    );
  }
  const country = body.country ?? billing?.country ?? null;
  let phone: string | null = null;
  if (body.phone) {
    phone = normalizePhone(body.phone, shipping?.country ?? country ?? "", metadata);
    if (!phone) {
      throw new HttpError(
        400,
        "invalid_request",
        "phone is not a valid phone number; give it with its country code, like +44 20 7946 0018.",
        "phone",
      );
    }
  }
  return {
    country,
    billing_address: billing ? stored(billing) : null,
    shipping_address: shipping
      ? ({ name: shipping.name, ...stored(shipping) } as ShippingAddress)
      : null,
    phone,
  };
}

// What a payment request holds once validated, and what its transaction answers: shared by the
// route (routes/buyer/payments.ts), the transaction itself (charge.ts) and the API's description.
import * as v from "valibot";
import { luhnValid } from "../../card.ts";
import type { ApiErrorBody, ChallengeRequired, PaymentResult } from "../../protocol/index.ts";
import {
  affiliateCodeField,
  customFieldAnswersField,
  emailField,
  httpUrlField,
  optionalSessionIdField,
  planIdField,
  promoCodeField,
  utmField,
} from "../http/validation.ts";
import { BUYER_DETAIL_FIELDS } from "../routes/buyer/buyer-details.ts";
import type { ReceiptDelivery } from "../store/records.ts";

export const PaymentSchema = v.strictObject({
  plan_id: planIdField,
  session_id: optionalSessionIdField,
  email: emailField,
  name: v.optional(
    v.pipe(v.string("name must be a string."), v.trim(), v.maxLength(200, "name is too long.")),
  ),
  country: v.optional(
    v.pipe(v.string(), v.regex(/^[A-Z]{2}$/, "country must be a two-letter ISO 3166 code.")),
  ),
  card: v.strictObject(
    {
      number: v.pipe(
        v.string("card.number is required."),
        v.transform((value) => value.replace(/[\s-]/g, "")),
        v.regex(/^\d{12,19}$/, "card.number must be 12 to 19 digits."),
        v.check(luhnValid, "card.number is not a valid card number."),
      ),
      exp_month: v.pipe(
        v.number("card.exp_month must be a number."),
        v.integer("card.exp_month must be a whole number."),
        v.minValue(1, "card.exp_month must be 1 to 12."),
        v.maxValue(12, "card.exp_month must be 1 to 12."),
      ),
      exp_year: v.pipe(
        v.number("card.exp_year must be a number."),
        v.integer("card.exp_year must be a whole number."),
        v.minValue(2000, "card.exp_year must be a four-digit year."),
        v.maxValue(2100, "card.exp_year must be a four-digit year."),
      ),
      cvc: v.pipe(
        v.string("card.cvc is required."),
        v.regex(/^\d{3,4}$/, "card.cvc must be 3 or 4 digits."),
      ),
    },
    "card must be an object with number, exp_month, exp_year and cvc.",
  ),
  utm: v.optional(utmField),
  promo_code: v.optional(promoCodeField),
  affiliate_code: v.optional(affiliateCodeField),
  /** The embed's own return URL, in place of the platform's redirect settings. */
  return_url: v.optional(httpUrlField("return_url")),
  /** Answers to the plan's custom fields, keyed by field id, checked against the plan. */
  custom_fields: v.optional(customFieldAnswersField),
  ...BUYER_DETAIL_FIELDS,
});

export type PaymentBody = v.InferOutput<typeof PaymentSchema>;

export const ChallengeSchema = v.strictObject({
  outcome: v.picklist(["approve", "fail"], 'outcome must be "approve" or "fail".'),
  return_url: v.optional(httpUrlField("return_url")),
});

/** The answer to one payment request, kept verbatim for idempotent replays. */
export interface PaymentAnswer {
  status: 201 | 202 | 402;
  body: PaymentResult | ChallengeRequired | (ApiErrorBody & { payment_id: string });
}

/**
 * Everything a payment's transaction works from (`Store.charge`), as plain data: on SQLite it
 * runs on the database's own thread (store/thread/), so nothing here may be a function or a
 * class instance.
 */
export interface ChargeRequest {
  /** The validated request body. */
  body: PaymentBody;
  /** The `Idempotency-Key` header, already checked, or null. */
  idempotencyKey: string | null;
  /** The body's keyed fingerprint (fingerprint.ts), stored with the answer. */
  requestHash: string;
  receiptEmail: ReceiptDelivery;
  /** When the request came, by the app's clock: stored answers are dated and expired by it. */
  time: number;
}

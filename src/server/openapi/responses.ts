/**
 * The shapes of the API's answers, as valibot schemas: the OpenAPI document is generated from
 * them, and a test validates real answers against that document. They follow the types in
 * src/protocol/api.ts and src/server/store/* field by field.
 */
import * as v from "valibot";
import {
  DECLINE_CODES,
  ERROR_CODES,
  type IdPrefix,
  idPattern,
  PAYMENT_STATUSES,
  PLAN_TYPES,
  RECEIPT_EMAIL_STATUSES,
  RELEASE_METHODS,
  VISIBILITIES,
} from "../../protocol/index.ts";
import { WEBHOOK_EVENTS } from "../store/records.ts";

const id = (prefix: IdPrefix) => v.pipe(v.string(), v.regex(idPattern(prefix)));
const nullableId = (prefix: IdPrefix) => v.nullable(id(prefix));
const timestamp = v.pipe(v.string(), v.isoTimestamp());
const nullableTimestamp = v.nullable(timestamp);
const nullableText = v.nullable(v.string());
const count = v.pipe(v.number(), v.integer());
const nullableCount = v.nullable(count);
const metadata = v.record(v.string(), v.unknown());
const strings = v.record(v.string(), v.string());

export const ErrorBody = v.strictObject({
  error: v.strictObject({
    code: v.picklist(ERROR_CODES),
    message: v.string(),
    field: v.optional(v.string()),
    request_id: v.optional(v.string()),
  }),
});

const CustomField = v.strictObject({
  id: v.string(),
  field_type: v.literal("text"),
  name: v.string(),
  placeholder: nullableText,
  required: v.boolean(),
  order: count,
});

const planFields = {
  id: id("plan"),
  plan_type: v.picklist(PLAN_TYPES),
  release_method: v.picklist(RELEASE_METHODS),
  visibility: v.picklist(VISIBILITIES),
  base_currency: v.string(),
  initial_price: count,
  renewal_price: count,
  billing_period: nullableCount,
  trial_period_days: nullableCount,
  expiration_days: nullableCount,
  unlimited_stock: v.boolean(),
  stock: count,
  description: nullableText,
  custom_fields: v.array(CustomField),
};

const Plan = v.strictObject({ ...planFields, product_id: id("prod") });

const publicProductFields = {
  id: id("prod"),
  title: v.string(),
  headline: nullableText,
  description: nullableText,
  logo_url: nullableText,
  route: v.string(),
  terms_url: nullableText,
};

const Product = v.strictObject({
  ...publicProductFields,
  company_id: id("biz"),
  redirect_url: nullableText,
  visibility: v.picklist(VISIBILITIES),
});

const Company = v.strictObject({
  id: id("biz"),
  title: v.string(),
  redirect_url: nullableText,
  allowed_origins: v.array(v.string()),
});

export const PlanView = v.strictObject({
  plan: v.strictObject(planFields),
  product: v.strictObject(publicProductFields),
  company: v.strictObject({ id: id("biz"), title: v.string() }),
});

const paymentFields = {
  id: id("pay"),
  status: v.picklist(PAYMENT_STATUSES),
  plan_id: id("plan"),
  session_id: nullableId("ch"),
  amount: count,
  currency: v.string(),
  email: v.string(),
  card_brand: v.string(),
  card_last4: v.string(),
  created_at: timestamp,
};

const PaymentDetails = v.strictObject({
  ...paymentFields,
  failure_code: nullableText,
  subtotal: count,
  discount: count,
  promo_code: nullableText,
  name: nullableText,
  country: nullableText,
  metadata,
  utm: strings,
  affiliate_code: nullableText,
  custom_fields: v.pipe(
    strings,
    v.description("Answers to the plan's custom fields, by field id."),
  ),
  updated_at: timestamp,
});

const Receipt = v.strictObject({
  id: id("r"),
  payment_id: id("pay"),
  amount: count,
  currency: v.string(),
  email: v.string(),
  email_status: v.pipe(
    v.picklist(RECEIPT_EMAIL_STATUSES),
    v.description(
      "pending: being emailed (retried until the mail server accepts it), then sent; failed: the retries are spent; held: the platform has no mail server, so no email is sent.",
    ),
  ),
  created_at: timestamp,
});

export const PaymentResult = v.strictObject({
  // A replayed answer carries the payment as the merchant API shows it.
  payment: v.union([v.strictObject(paymentFields), PaymentDetails]),
  receipt: Receipt,
  redirect_url: nullableText,
});

export const ChallengeRequired = v.strictObject({
  status: v.literal("requires_action"),
  payment_id: id("pay"),
  challenge: v.strictObject({ id: id("chal"), kind: v.literal("three_d_secure") }),
});

export const Declined = v.strictObject({
  error: v.strictObject({ code: v.picklist(DECLINE_CODES), message: v.string() }),
  payment_id: id("pay"),
});

export const Quote = v.strictObject({
  plan_id: id("plan"),
  currency: v.string(),
  subtotal: count,
  discount: count,
  total: count,
  renewal_total: nullableCount,
  promo: v.nullable(
    v.strictObject({ code: v.string(), percent_off: nullableCount, amount_off: nullableCount }),
  ),
});

const entryFields = {
  id: id("entry"),
  plan_id: id("plan"),
  kind: v.picklist(["waitlist", "raffle"]),
  email: v.string(),
  created_at: timestamp,
};

export const EntryAnswer = v.strictObject({ entry: v.strictObject(entryFields) });

const publicSessionFields = { id: id("ch"), plan_id: id("plan"), expires_at: timestamp };

export const SessionAnswer = v.strictObject({
  session: v.union([
    v.strictObject({
      ...publicSessionFields,
      metadata,
      redirect_url: nullableText,
      created_at: timestamp,
    }),
    v.strictObject(publicSessionFields),
  ]),
});

const Membership = v.strictObject({
  id: id("mem"),
  plan_id: id("plan"),
  payment_id: id("pay"),
  email: v.string(),
  status: v.picklist(["active", "trialing", "expired", "canceled"]),
  renews_at: nullableTimestamp,
  trial_ends_at: nullableTimestamp,
  expires_at: nullableTimestamp,
  created_at: timestamp,
});

const Entry = v.strictObject({
  ...entryFields,
  session_id: nullableId("ch"),
  custom_fields: strings,
  status: v.picklist(["pending", "approved", "denied"]),
});

const Promo = v.strictObject({
  id: id("promo"),
  company_id: id("biz"),
  code: v.string(),
  percent_off: nullableCount,
  amount_off: nullableCount,
  currency: nullableText,
  plan_ids: v.array(id("plan")),
  expires_at: nullableTimestamp,
  max_redemptions: nullableCount,
  redemptions: count,
  created_at: timestamp,
});

/** An endpoint as listed and read: never with a signing secret (webhooks/endpoints.ts). */
const WebhookEndpoint = v.strictObject({
  id: id("wh"),
  company_id: id("biz"),
  url: v.string(),
  events: v.array(v.picklist(WEBHOOK_EVENTS)),
  enabled: v.boolean(),
  created_at: timestamp,
  /** Until when the secret before the last rotation still signs deliveries. */
  previous_secret_expires_at: nullableTimestamp,
});

/** An endpoint with its current signing secret: on creation, rotation and reveal only. */
const WebhookEndpointWithSecret = v.strictObject({
  ...WebhookEndpoint.entries,
  secret: v.pipe(v.string(), v.startsWith("whsec_")),
});

const WebhookDelivery = v.strictObject({
  id: id("msg"),
  event_id: id("msg"),
  endpoint_id: id("wh"),
  status: v.picklist(["pending", "delivered", "failed"]),
  attempts: count,
  next_attempt_at: count,
  last_status_code: nullableCount,
  last_error: nullableText,
  delivered_at: nullableTimestamp,
  created_at: timestamp,
  event_type: v.picklist(WEBHOOK_EVENTS),
  company_id: id("biz"),
});

/** `{<key>: schema}`: the one-object answers of the server API. */
const one = <K extends string, S extends v.GenericSchema>(key: K, schema: S) =>
  v.strictObject({ [key]: schema } as { [P in K]: S });
/** `{<key>: [schema]}`: the list answers of the server API. */
const list = <K extends string, S extends v.GenericSchema>(key: K, schema: S) =>
  one(key, v.array(schema));

export const Answers = {
  company: one("company", Company),
  product: one("product", Product),
  products: list("products", Product),
  plan: one("plan", Plan),
  plans: list("plans", Plan),
  promo: one("promo_code", Promo),
  promos: list("promo_codes", Promo),
  endpoint: one("webhook_endpoint", WebhookEndpoint),
  endpointWithSecret: one("webhook_endpoint", WebhookEndpointWithSecret),
  endpoints: list("webhook_endpoints", WebhookEndpoint),
  endpointDeleted: v.strictObject({ id: id("wh"), deleted: v.literal(true) }),
  delivery: one("webhook_delivery", WebhookDelivery),
  deliveries: list("webhook_deliveries", WebhookDelivery),
  payment: one("payment", PaymentDetails),
  payments: list("payments", PaymentDetails),
  receipt: v.strictObject({ receipt: Receipt, payment: PaymentDetails }),
  memberships: list("memberships", Membership),
  entries: list("entries", Entry),
};

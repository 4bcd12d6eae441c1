/** Platform API shapes (JSON over HTTP, snake_case like the platform's REST objects). */

export const PLAN_TYPES = ["one_time", "renewal"] as const;
export type PlanType = (typeof PLAN_TYPES)[number];
export const RELEASE_METHODS = ["buy_now", "waitlist", "raffle"] as const;
export type ReleaseMethod = (typeof RELEASE_METHODS)[number];
export const VISIBILITIES = ["visible", "hidden", "quick_link", "archived"] as const;
export type Visibility = (typeof VISIBILITIES)[number];

export interface CustomField {
  id: string;
  field_type: "text";
  name: string;
  placeholder: string | null;
  required: boolean;
  order: number;
}

/** A plan as the buyer may see it. Prices are integer minor units of `base_currency`. */
export interface PublicPlan {
  id: string;
  plan_type: PlanType;
  release_method: ReleaseMethod;
  visibility: Visibility;
  base_currency: string;
  initial_price: number;
  renewal_price: number;
  billing_period: number | null;
  trial_period_days: number | null;
  expiration_days: number | null;
  unlimited_stock: boolean;
  stock: number;
  description: string | null;
  custom_fields: CustomField[];
}

export interface PublicProduct {
  id: string;
  title: string;
  headline: string | null;
  description: string | null;
  logo_url: string | null;
  route: string;
  terms_url: string | null;
}

export interface PublicCompany {
  id: string;
  title: string;
}

/** `GET /api/v1/plans/:id` */
export interface PlanView {
  plan: PublicPlan;
  product: PublicProduct;
  company: PublicCompany;
}

export interface CardInput {
  number: string;
  exp_month: number;
  exp_year: number;
  cvc: string;
}

/** `POST /api/v1/payments` body; send an `Idempotency-Key` header with it. */
export interface PaymentRequest {
  plan_id: string;
  session_id?: string | null;
  email: string;
  name?: string;
  /** ISO 3166-1 alpha-2, upper case. */
  country?: string;
  card: CardInput;
  promo_code?: string;
  utm?: Record<string, string>;
  affiliate_code?: string;
  /** Where to send the buyer instead of the platform's redirect setting (absolute http(s)). */
  return_url?: string;
  /** Answers to the plan's custom fields, keyed by field id (as on `EntryRequest`). */
  custom_fields?: Record<string, string>;
}

export const PAYMENT_STATUSES = ["succeeded", "failed", "requires_action"] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export interface PaymentView {
  id: string;
  status: PaymentStatus;
  plan_id: string;
  session_id: string | null;
  amount: number;
  currency: string;
  email: string;
  card_brand: string;
  card_last4: string;
  created_at: string;
}

/**
 * Where a receipt's email stands: `pending` until the mail server accepts it (retried on
 * failure), then `sent`; `failed` once the retries are spent; `held` when the platform has no
 * mail server, so the receipt is kept on the platform only and no email is sent.
 */
export const RECEIPT_EMAIL_STATUSES = ["pending", "sent", "failed", "held"] as const;
export type ReceiptEmailStatus = (typeof RECEIPT_EMAIL_STATUSES)[number];

export interface ReceiptView {
  id: string;
  payment_id: string;
  amount: number;
  currency: string;
  email: string;
  /** Whether the receipt is emailed to `email`; the checkout words its confirmation by it. */
  email_status: ReceiptEmailStatus;
  created_at: string;
}

/** `POST /api/v1/payments` success answer (201). */
export interface PaymentResult {
  payment: PaymentView;
  receipt: ReceiptView;
  redirect_url: string | null;
}

/**
 * `POST /api/v1/payments` answer (202) when the card needs a 3-D Secure style challenge
 * (test card 4000 0000 0000 3220). The checkout shows the challenge and then calls
 * `POST /api/v1/payments/:payment_id/challenge` with `{outcome: "approve" | "fail"}`, which
 * answers like a payment: 201 `PaymentResult` or 402 `card_declined`.
 */
export interface ChallengeRequired {
  status: "requires_action";
  payment_id: string;
  challenge: { id: string; kind: "three_d_secure" };
}

/** `POST /api/v1/plans/:id/quote` body `{promo_code?}`: the price after a promo code. */
export interface Quote {
  plan_id: string;
  currency: string;
  /** Minor units due today before / after the discount. */
  subtotal: number;
  discount: number;
  total: number;
  /** The renewal price after the discount (renewal plans), else null. */
  renewal_total: number | null;
  promo: { code: string; percent_off: number | null; amount_off: number | null } | null;
}

/** `POST /api/v1/entries` body: join a waitlist or enter a raffle (answered `{entry: EntryView}`). */
export interface EntryRequest {
  plan_id: string;
  session_id?: string | null;
  email: string;
  /** Answers keyed by custom field id. */
  custom_fields?: Record<string, string>;
}

export interface EntryView {
  id: string;
  plan_id: string;
  kind: "waitlist" | "raffle";
  email: string;
  created_at: string;
}

/** `GET /api/v1/checkout_sessions/:id` answers `{session: PublicSession}`: no metadata. */
export interface PublicSession {
  id: string;
  plan_id: string;
  expires_at: string;
}

// Server-to-server API (`Authorization: Bearer <API key>`): what the merchant's server sees.

/** A payment with everything the merchant may see (the buyer sees `PaymentView`). */
export interface PaymentDetails extends PaymentView {
  failure_code: string | null;
  /** Before the promo discount; `amount` = `subtotal` − `discount`. */
  subtotal: number;
  discount: number;
  promo_code: string | null;
  name: string | null;
  country: string | null;
  /** The checkout session's metadata, copied onto the payment. */
  metadata: Record<string, unknown>;
  utm: Record<string, string>;
  affiliate_code: string | null;
  /** The buyer's answers to the plan's custom fields, keyed by field id. */
  custom_fields: Record<string, string>;
  updated_at: string;
}

export interface MembershipView {
  id: string;
  plan_id: string;
  payment_id: string;
  email: string;
  status: "active" | "trialing" | "expired" | "canceled";
  renews_at: string | null;
  trial_ends_at: string | null;
  expires_at: string | null;
  created_at: string;
}

/** A checkout session as its company sees it. */
export interface CheckoutSessionView extends PublicSession {
  metadata: Record<string, unknown>;
  redirect_url: string | null;
  created_at: string;
}

/** Why a (test-mode) card was declined: the code of a 402 answer. */
export const DECLINE_CODES = ["card_declined", "insufficient_funds", "expired_card"] as const;
export type DeclineCode = (typeof DECLINE_CODES)[number];

/** Every error code the API answers with, in `{error: {code}}`. */
export const ERROR_CODES = [
  // Any route
  "invalid_request",
  "invalid_json",
  "unsupported_media_type",
  "body_too_large",
  "rate_limited",
  "not_found",
  "not_built",
  "internal_error",
  "database_unavailable",
  // Server API keys and ownership
  "missing_api_key",
  "invalid_api_key",
  "forbidden",
  // Ids in the path
  "invalid_plan_id",
  "invalid_session_id",
  "invalid_payment_id",
  // Unknown objects
  "company_not_found",
  "product_not_found",
  "plan_not_found",
  "session_not_found",
  "payment_not_found",
  "receipt_not_found",
  "delivery_not_found",
  "endpoint_not_found",
  "key_not_found",
  "promo_not_found",
  // Buying
  "plan_unavailable",
  "not_for_sale",
  "not_an_entry_plan",
  "sold_out",
  "session_plan_mismatch",
  "session_expired",
  "promo_expired",
  "promo_used_up",
  "promo_not_applicable",
  "unknown_custom_field",
  "custom_field_required",
  "invalid_idempotency_key",
  "idempotency_conflict",
  ...DECLINE_CODES,
  "no_challenge",
  "challenge_already_settled",
  "challenge_expired",
  // Catalog
  "route_taken",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Every API error has this body. `field` names the offending input for 400s. */
export interface ApiErrorBody {
  error: { code: ErrorCode; message: string; field?: string; request_id?: string };
}

/**
 * `GET` path of a plan as the buyer sees it. The shell's preload and the app's fetch must use
 * the same URL for the browser to reuse the preloaded response.
 */
export const planPath = (id: string) => `/api/v1/plans/${encodeURIComponent(id)}`;

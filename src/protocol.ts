/**
 * The one place where the loader, the checkout iframe and the platform API agree on shapes.
 *
 * Bridge messages travel over a private MessageChannel once the handshake is done; every
 * inbound message is checked by `parseFrameMessage` / `parseHostMessage` before it is used,
 * so a malformed or oversized message is dropped rather than trusted.
 */

export const PROTOCOL_VERSION = 1;

/** Hello sent by the iframe to `window.parent`, naming the channel id it was given in its URL. */
export const HELLO = "whop-checkout:hello";
/** Reply from the loader carrying the private MessagePort. */
export const CONNECT = "whop-checkout:connect";

export type Theme = "light" | "dark" | "system";
export const THEMES: readonly Theme[] = ["light", "dark", "system"];

/** What the checkout is doing; mirrored to the host page as `whop-checkout:state`. */
export type CheckoutState = "loading" | "idle" | "processing" | "challenge" | "complete" | "error";

export interface Handshake {
  type: typeof HELLO | typeof CONNECT;
  channel: string;
}

/**
 * What the checkout is asked to do, as the shell hands it to the app (JSON): the embed's
 * settings after the checkout origin checked them. The loader sends the settings as query
 * parameters of `/embed/checkout` named like `mount()`'s options (`planId`, `themeAccentColor`,
 * `hidePrice`, …), plus the page's `utm_*` parameters and the handshake's `channel` and `origin`.
 */
export interface EmbedConfig {
  planId: string | null;
  sessionId: string | null;
  theme: Theme;
  /** "#rrggbb", or null for the default accent. */
  accent: string | null;
  email: string;
  name: string;
  hidePrice: boolean;
  hideSubmit: boolean;
  hideTos: boolean;
  affiliate: string | null;
  /** Absolute http(s) URL that replaces the platform's redirect after a purchase. */
  returnUrl: string | null;
  /** The host page's `utm_*` parameters, forwarded with the payment. */
  utm: Record<string, string>;
  /** Handshake: the loader's channel id and the host page's origin. */
  channel: string;
  hostOrigin: string;
  /** What could not be used, and what applies instead, for the host page's console. */
  warnings: string[];
}

/** Messages from the checkout iframe to the host page. */
export type FrameMessage =
  | { v: 1; type: "ready" }
  | { v: 1; type: "resize"; height: number }
  | { v: 1; type: "state"; state: CheckoutState }
  | { v: 1; type: "complete"; detail: CompleteDetail }
  | { v: 1; type: "error"; code: string; message: string }
  | { v: 1; type: "email"; id: number; email: string }
  /** A setting the checkout could not use, spelled out for the page's console. */
  | { v: 1; type: "warning"; message: string };

/** Messages from the host page to the checkout iframe. */
export type HostMessage =
  /** A theme attribute changed; the checkout checks it (null: removed, the default). */
  | { v: 1; type: "theme"; theme: string | null }
  | { v: 1; type: "submit" }
  | { v: 1; type: "set-email"; email: string }
  | { v: 1; type: "get-email"; id: number };

/** Detail of the `whop-checkout:complete` event and the payload of the `complete` message. */
export interface CompleteDetail {
  status: "success";
  plan_id: string;
  receipt_id: string;
  session_id: string | null;
  /**
   * Where the loader sends the buyer, resolved by the platform (http/https only): the embed's
   * return URL or the redirect setting, with `status`, `receipt_id`, `plan_id` and `session_id`
   * in its query.
   */
  redirect_url: string | null;
}

const STATES: readonly CheckoutState[] = [
  "loading",
  "idle",
  "processing",
  "challenge",
  "complete",
  "error",
];

/** Id shapes the platform issues: `plan_…`, `ch_…`, `r_…` followed by letters and digits. */
export const PLAN_ID = /^plan_[A-Za-z0-9]{1,64}$/;
export const SESSION_ID = /^ch_[A-Za-z0-9]{1,64}$/;

/** Upper bound for any string carried by a message; real values are far shorter. */
const MAX_TEXT = 2048;

/** Checks one field; a shape maps field names to checks or to nested shapes. */
type Check = (value: unknown) => boolean;
interface Shape {
  [field: string]: Check | Shape;
}

const text: Check = (value) => typeof value === "string" && value.length <= MAX_TEXT;
const count: Check = (value) => typeof value === "number" && value >= 0 && value <= 1e6;
const oneOf =
  (values: readonly unknown[]): Check =>
  (value) =>
    values.includes(value);
const like =
  (pattern: RegExp): Check =>
  (value) =>
    text(value) && pattern.test(value as string);
const orNull =
  (check: Check): Check =>
  (value) =>
    value === null || check(value);

/**
 * Copies exactly the fields of `shape` from `data` when every check passes, else null. The
 * copy has only known keys, so extra or prototype-polluting keys never get through.
 */
function pick(shape: Shape, data: unknown): Record<string, unknown> | null {
  if (typeof data !== "object" || data === null) return null;
  const out: Record<string, unknown> = {};
  for (const key in shape) {
    const check = shape[key]!;
    let value = Object.hasOwn(data, key) ? (data as Record<string, unknown>)[key] : undefined;
    // A nested shape is checked by copying it, and the copy is what gets through.
    // biome-ignore lint/suspicious/noAssignInExpressions: keeps the loader within its byte budget.
    if (typeof check === "function" ? !check(value) : !(value = pick(check, value))) return null;
    out[key] = value;
  }
  return out;
}

const RECEIPT_ID = /^r_[A-Za-z0-9]{1,64}$/;

const COMPLETE_DETAIL: Shape = {
  status: oneOf(["success"]),
  plan_id: like(PLAN_ID),
  receipt_id: like(RECEIPT_ID),
  session_id: orNull(like(SESSION_ID)),
  redirect_url: orNull(text),
};

const FRAME_MESSAGES: Record<FrameMessage["type"], Shape> = {
  ready: {},
  resize: { height: count },
  state: { state: oneOf(STATES) },
  complete: { detail: COMPLETE_DETAIL },
  error: { code: text, message: text },
  email: { id: count, email: text },
  warning: { message: text },
};

function parse(shapes: Record<string, Shape>, data: unknown) {
  const head = pick(
    { v: oneOf([PROTOCOL_VERSION]), type: (t) => Object.hasOwn(shapes, t as string) },
    data,
  );
  const body = head && pick(shapes[head.type as string]!, data);
  return head && body && { ...head, ...body };
}

/** Validates a message from the iframe: type, version, field types and sizes; else null. */
export const parseFrameMessage = (data: unknown) =>
  parse(FRAME_MESSAGES, data) as FrameMessage | null;

/** Validates a message from the host page; else null. (Shapes built here so the loader's bundle drops them.) */
export function parseHostMessage(data: unknown): HostMessage | null {
  const shapes: Record<HostMessage["type"], Shape> = {
    theme: { theme: orNull(text) },
    submit: {},
    "set-email": { email: text },
    "get-email": { id: count },
  };
  return parse(shapes, data) as HostMessage | null;
}

/** Validates a handshake message of the given type for the given channel id. */
export const isHandshake = (data: unknown, type: Handshake["type"], channel: string): boolean =>
  pick({ type: oneOf([type]), channel: oneOf([channel]) }, data) !== null;

// ---------------------------------------------------------------------------------------------
// Platform API shapes (JSON over HTTP, snake_case like the platform's REST objects).
// ---------------------------------------------------------------------------------------------

export type PlanType = "one_time" | "renewal";
export type ReleaseMethod = "buy_now" | "waitlist" | "raffle";
export type Visibility = "visible" | "hidden" | "quick_link" | "archived";

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
}

export type PaymentStatus = "succeeded" | "failed" | "requires_action";

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

export interface ReceiptView {
  id: string;
  payment_id: string;
  amount: number;
  currency: string;
  email: string;
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

/** `POST /api/v1/checkout_sessions` body. */
export interface CreateSessionRequest {
  plan_id: string;
  metadata?: Record<string, string | number | boolean | null>;
  /** Overrides the product's and the company's redirect URL for this session. */
  redirect_url?: string | null;
  /** Seconds until the session expires: 60 to 30 days, default 24 hours. */
  expires_in?: number;
}

/** A checkout session as its company sees it. */
export interface CheckoutSessionView extends PublicSession {
  metadata: Record<string, unknown>;
  redirect_url: string | null;
  created_at: string;
}

/** The body of every webhook delivery (Standard Webhooks headers carry id and signature). */
export interface WebhookPayload<T = unknown> {
  type: "payment.succeeded" | "payment.failed" | "membership.created" | "waitlist.entry_created";
  timestamp: string;
  data: T;
}

/** Every API error has this body. `field` names the offending input for 400s. */
export interface ApiErrorBody {
  error: { code: string; message: string; field?: string };
}

/**
 * The shapes the store speaks. `interface.ts` and both implementations (SQLite beside this
 * file, PostgreSQL in postgres/) import them from here, never from one another.
 */
import type {
  EntryView,
  MembershipView,
  PaymentView,
  PostalAddress,
  PaymentDetails as ProtocolPaymentDetails,
  PublicPlan,
  ReceiptEmailStatus,
  ReceiptView,
  ShippingAddress,
  Visibility,
} from "../../protocol/index.ts";

export interface CompanyRecord {
  id: string;
  title: string;
  redirect_url: string | null;
  allowed_origins: string[];
}

export interface ProductRecord {
  id: string;
  company_id: string;
  title: string;
  headline: string | null;
  description: string | null;
  logo_url: string | null;
  route: string;
  redirect_url: string | null;
  terms_url: string | null;
  visibility: Visibility;
}

export interface PlanRecord extends PublicPlan {
  product_id: string;
}

/** Everything needed to sell one plan: the plan, its product and its company. */
export interface PlanContext {
  plan: PlanRecord;
  product: ProductRecord;
  company: CompanyRecord;
}

export interface SessionRecord {
  id: string;
  plan_id: string;
  metadata: Record<string, unknown>;
  redirect_url: string | null;
  expires_at: string;
  created_at: string;
}

export interface NewSession {
  plan_id: string;
  metadata?: Record<string, unknown>;
  redirect_url?: string | null;
  expires_at: string;
  id?: string;
}

export interface NewPayment {
  /** The plan being paid for, as read in the payment's transaction, with its product and company. */
  context: PlanContext;
  session: SessionRecord | null;
  /** "requires_action" holds the payment until its challenge is settled. */
  status: "succeeded" | "failed" | "requires_action";
  failure_code: string | null;
  subtotal: number;
  discount: number;
  promo: PromoRecord | null;
  email: string;
  name: string | null;
  country: string | null;
  /** The buyer's details beyond the card, as the payment route checked them. */
  billing_address: PostalAddress | null;
  shipping_address: ShippingAddress | null;
  phone: string | null;
  card_brand: string;
  card_last4: string;
  utm: Record<string, string>;
  affiliate_code: string | null;
  idempotency_key: string | null;
  /** The buyer's answers to the plan's custom fields, already checked against them. */
  custom_fields: Record<string, string>;
  /** What becomes of the receipt's email when the payment succeeds (see `ReceiptEmailRecord`). */
  receipt_email: ReceiptDelivery;
}

/** "send" queues a succeeded payment's receipt email; "hold" keeps it unsent (no mail server). */
export type ReceiptDelivery = "send" | "hold";

/** A payment with everything the merchant API and webhooks show (usage and attribution). */
export type PaymentDetails = ProtocolPaymentDetails;
export type MembershipRecord = MembershipView;

/** Why a charge that the card allowed could still not be completed. */
export type Refusal = "sold_out" | "promo_used_up";

/** The result of recording a payment attempt. */
export type RecordedPayment =
  | { ok: true; payment: PaymentView; receipt: ReceiptView }
  | { ok: false; reason: Refusal }
  | { ok: false; reason: "declined"; payment: PaymentView }
  | { ok: "challenge"; payment: PaymentView; challenge_id: string };

/** The result of settling a payment's challenge. */
export type SettledChallenge =
  | { kind: "not_found" }
  | { kind: "no_challenge"; payment: PaymentDetails }
  /** Settled earlier: the stored outcome and the payment as it stands. */
  | { kind: "already_settled"; outcome: "approve" | "fail"; payment: PaymentDetails }
  | { kind: "settled"; payment: PaymentDetails };

/** The answer to an idempotent request, replayed when the same key comes again. */
export interface StoredResponse {
  /** A keyed fingerprint of the request (payments/fingerprint.ts), never a plain hash. */
  request_hash: string;
  status_code: number;
  response: unknown;
  /** ISO time of the first answer; the record expires a fixed time after it. */
  created_at: string;
}

export interface ApiKeyRecord {
  id: string;
  company_id: string;
  name: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface EntryRecord extends EntryView {
  session_id: string | null;
  custom_fields: Record<string, string>;
  status: "pending" | "approved" | "denied";
}

export interface PromoRecord {
  id: string;
  company_id: string;
  code: string;
  percent_off: number | null;
  amount_off: number | null;
  currency: string | null;
  /** Plans the code is valid for; empty means every plan of the company. */
  plan_ids: string[];
  expires_at: string | null;
  max_redemptions: number | null;
  redemptions: number;
  created_at: string;
}

export type NewPromo = Omit<PromoRecord, "id" | "redemptions" | "created_at"> & { id?: string };

export const WEBHOOK_EVENTS = [
  "payment.succeeded",
  "payment.failed",
  "membership.created",
  "waitlist.entry_created",
] as const;

export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];

export interface EndpointRecord {
  id: string;
  company_id: string;
  url: string;
  secret: string;
  /** The secret before the last rotation, still signing deliveries until it expires. */
  previous_secret: string | null;
  /** Milliseconds since the epoch. */
  previous_secret_expires_at: number | null;
  /** Event types sent to this endpoint; empty means all. */
  events: WebhookEventType[];
  enabled: boolean;
  created_at: string;
}

export interface DeliveryRecord {
  id: string;
  event_id: string;
  endpoint_id: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  next_attempt_at: number;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: string | null;
  created_at: string;
  event_type: WebhookEventType;
  company_id: string;
}

/** A claimed delivery with everything needed to send it. */
export interface DueDelivery extends DeliveryRecord {
  url: string;
  /** Every secret the delivery is signed with: the current one, then a rotated one still valid. */
  secrets: string[];
  /** The JSON body, exactly as signed and sent. */
  payload: string;
}

/** A receipt's email as it is (or, held, would be) sent; the `receipt_emails` table. */
export interface ReceiptEmailRecord extends ReceiptEmailSummary {
  text: string;
  html: string;
}

/** A receipt's email without its body, as listings show it. */
export interface ReceiptEmailSummary {
  receipt_id: string;
  company_id: string;
  to: string;
  /** The From header's display name (the company); the address is the platform's. */
  sender_name: string;
  subject: string;
  status: ReceiptEmailStatus;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  sent_at: string | null;
  created_at: string;
}

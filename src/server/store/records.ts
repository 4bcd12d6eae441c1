/**
 * The shapes the store speaks, apart from those owned by a single repository (promos, entries,
 * API keys, webhooks). `interface.ts` and every implementation import them from here.
 */
import type {
  MembershipView,
  PaymentView,
  PaymentDetails as ProtocolPaymentDetails,
  PublicPlan,
  ReceiptView,
  Visibility,
} from "../../protocol/index.ts";
import type { PromoRecord } from "./promos.ts";

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
  plan: PlanRecord;
  company_id: string;
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
  card_brand: string;
  card_last4: string;
  utm: Record<string, string>;
  affiliate_code: string | null;
  idempotency_key: string | null;
}

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

// What the payment repositories of both engines share (./payments.ts on SQLite,
// ./postgres/payments.ts): the row a new payment writes, a challenge's time limit and where it
// stands, and the refusal that rolls a payment back.
import type { NewPayment, PaymentDetails, Refusal, SettledChallenge } from "./records.ts";
import { type Row, toPaymentDetails } from "./rows.ts";

/** How long a buyer has to settle a payment's challenge. */
export const CHALLENGE_TTL_MS = 15 * 60_000;

/** Thrown inside a transaction to roll it back when a charge cannot be completed. */
export class Refused extends Error {
  constructor(readonly reason: Refusal) {
    super(reason);
  }
}

/** The columns of a new payment row, named as the table names them. */
export const paymentColumns = (input: NewPayment, id: string, challengeId: string | null) => ({
  id,
  plan_id: input.context.plan.id,
  session_id: input.session?.id ?? null,
  status: input.status,
  failure_code: input.failure_code,
  amount: input.subtotal - input.discount,
  subtotal: input.subtotal,
  discount: input.discount,
  currency: input.context.plan.base_currency,
  promo_code_id: input.promo?.id ?? null,
  promo_code: input.promo?.code ?? null,
  email: input.email,
  name: input.name,
  country: input.country,
  card_brand: input.card_brand,
  card_last4: input.card_last4,
  metadata: JSON.stringify(input.session?.metadata ?? {}),
  utm: JSON.stringify(input.utm),
  affiliate_code: input.affiliate_code,
  billing_address: input.billing_address && JSON.stringify(input.billing_address),
  shipping_address: input.shipping_address && JSON.stringify(input.shipping_address),
  phone: input.phone,
  idempotency_key: input.idempotency_key,
  challenge_id: challengeId,
  custom_fields: JSON.stringify(input.custom_fields),
});

/**
 * Why settling a challenge fails the payment before stock is even tried: the time is up
 * (whatever the outcome), or the buyer failed it. Null lets an approval proceed.
 */
export const challengeFailure = (
  createdAt: string,
  outcome: "approve" | "fail",
  now = Date.now(),
): string | null =>
  Date.parse(createdAt) + CHALLENGE_TTL_MS <= now
    ? "challenge_expired"
    : outcome === "fail"
      ? "card_declined"
      : null;

/**
 * Where the challenge of payment `row` stands before it is settled: none to settle, settled
 * already (with the outcome it was given), or pending, the only state a settlement changes.
 */
export function challengeState(
  row: Row,
):
  | Exclude<SettledChallenge, { kind: "not_found" | "settled" }>
  | { kind: "pending"; payment: PaymentDetails } {
  const payment = toPaymentDetails(row);
  if (!row.challenge_id) return { kind: "no_challenge", payment };
  if (row.status !== "requires_action") {
    return {
      kind: "already_settled",
      outcome: row.challenge_outcome as "approve" | "fail",
      payment,
    };
  }
  return { kind: "pending", payment };
}

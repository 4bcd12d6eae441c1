// A payment's transaction: the idempotency key's stored answer, or the charge and all it writes.
// Engine-neutral (it works through `Store`), and run by each store's `charge`, so that on
// SQLite it runs where the database is: on its own thread, in one message (store/thread/).
import { checkCustomAnswers, checkOpenPlan, checkSession } from "../checks.ts";
import { HttpError } from "../http/http-error.ts";
import { findPromo, quote } from "../pricing.ts";
import { purchaseRedirect } from "../redirect.ts";
import { buyerDetails } from "../routes/buyer/buyer-details.ts";
import type { Store } from "../store/interface.ts";
import type { PlanContext, ReceiptDelivery } from "../store/records.ts";
import type { ChargeRequest, PaymentAnswer, PaymentBody } from "./schema.ts";
import { chargeTestCard, DECLINE_MESSAGES } from "./test-processor.ts";

/** How long a stored answer is replayed; after that its record is deleted. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;

const soldOut = () => new HttpError(422, "sold_out", "This plan is sold out.", "plan_id");

/** A sale the card allowed but the plan or promo could not honour; nothing was charged. */
export function refusal(reason: "sold_out" | "promo_used_up"): HttpError {
  return reason === "sold_out"
    ? soldOut()
    : new HttpError(
        422,
        "promo_used_up",
        "This promo code has just been fully redeemed. Remove it to pay the full price.",
        "promo_code",
      );
}

/** Charges for `body`; `found` is its plan as read in this transaction (null: no such plan). */
async function pay(
  store: Store,
  body: PaymentBody,
  idempotencyKey: string | null,
  receiptEmail: ReceiptDelivery,
  found: PlanContext | null,
): Promise<PaymentAnswer> {
  const context = checkOpenPlan(found, body.plan_id, "plan_id");
  const { plan } = context;
  if (plan.release_method !== "buy_now") {
    throw new HttpError(
      422,
      "not_for_sale",
      `This plan takes ${plan.release_method} entries, not payments.`,
      "plan_id",
    );
  }
  // Before the card is charged: a missing answer must not leave a paid payment behind.
  const customFields = checkCustomAnswers(plan.custom_fields, body.custom_fields);
  if (!plan.unlimited_stock && plan.stock <= 0) {
    throw soldOut();
  }
  const details = buyerDetails(plan, body);
  const session = await checkSession(store, body.session_id, body.plan_id);
  const promo = await findPromo(store, context, body.promo_code);
  const price = quote(plan, promo);
  const outcome = chargeTestCard(body.card);
  const recorded = await store.recordPayment({
    context,
    session,
    status: outcome.ok === "challenge" ? "requires_action" : outcome.ok ? "succeeded" : "failed",
    failure_code: outcome.ok === false ? outcome.code : null,
    subtotal: price.subtotal,
    discount: price.discount,
    promo,
    email: body.email,
    name: body.name ?? null,
    card_brand: outcome.brand,
    card_last4: outcome.last4,
    utm: body.utm ?? {},
    affiliate_code: body.affiliate_code ?? null,
    idempotency_key: idempotencyKey,
    custom_fields: customFields,
    receipt_email: receiptEmail,
    // Last: a spread followed by more properties is slow to build (see store/rows.ts).
    ...details,
  });
  if (recorded.ok === "challenge") {
    return {
      status: 202,
      body: {
        status: "requires_action",
        payment_id: recorded.payment.id,
        challenge: { id: recorded.challenge_id, kind: "three_d_secure" },
      },
    };
  }
  if (recorded.ok) {
    return {
      status: 201,
      body: {
        payment: recorded.payment,
        receipt: recorded.receipt,
        redirect_url: purchaseRedirect(body.return_url, context, session, recorded.receipt),
      },
    };
  }
  if (recorded.reason !== "declined") throw refusal(recorded.reason);
  const code = outcome.ok === false ? outcome.code : "card_declined";
  return {
    status: 402,
    body: { error: { code, message: DECLINE_MESSAGES[code] }, payment_id: recorded.payment.id },
  };
}

/**
 * The body of `Store.charge`, run in the store's transaction `tx`, in which reading the key's
 * answer holds the key until the end (the store's lock on SQLite, an advisory lock across
 * instances on PostgreSQL): concurrent requests with the same key are serialised, so the first
 * one charges and every other gets its stored answer.
 */
export async function chargeInTransaction(
  tx: Store,
  { body, idempotencyKey: key, requestHash, receiptEmail, time }: ChargeRequest,
): Promise<PaymentAnswer> {
  const context = await tx.getPlanContext(body.plan_id);
  // Keys are unique per company, and the plan names the company. A plan that does not exist
  // has none: pay() answers 404, and an error is never stored.
  const scope = key && context ? { companyId: context.company.id, key } : null;
  if (scope) {
    // Expired records go before the key is looked up: an expired key reads as new.
    const stored = await tx.getStoredResponse(
      scope.companyId,
      scope.key,
      new Date(time - IDEMPOTENCY_TTL_MS).toISOString(),
    );
    if (stored && stored.request_hash !== requestHash) {
      throw new HttpError(
        409,
        "idempotency_conflict",
        "This Idempotency-Key was already used with a different request body.",
        "Idempotency-Key",
      );
    }
    if (stored)
      return {
        status: stored.status_code as PaymentAnswer["status"],
        body: stored.response as PaymentAnswer["body"],
      };
  }
  const fresh = await pay(tx, body, key, receiptEmail, context);
  if (scope)
    await tx.storeResponse(scope.companyId, scope.key, {
      request_hash: requestHash,
      status_code: fresh.status,
      response: fresh.body,
      created_at: new Date(time).toISOString(),
    });
  return fresh;
}

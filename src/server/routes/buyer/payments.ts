import { Hono } from "hono";
import { notFound, pathId } from "../../http/guards.ts";
import { HttpError } from "../../http/http-error.ts";
import { changesOnly } from "../../http/public-answers.ts";
import { readJson } from "../../http/validation.ts";
import { refusal } from "../../payments/charge.ts";
import { requestFingerprint } from "../../payments/fingerprint.ts";
import { ChallengeSchema, type PaymentAnswer, PaymentSchema } from "../../payments/schema.ts";
import { DECLINE_MESSAGES } from "../../payments/test-processor.ts";
import { purchaseRedirect } from "../../redirect.ts";
import type { Store } from "../../store/interface.ts";
import type { PaymentDetails, ReceiptDelivery } from "../../store/records.ts";

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
const paymentId = pathId("pay");

/** The answer for a payment whose challenge is settled: like a direct payment's answer. */
async function settledAnswer(
  store: Store,
  payment: PaymentDetails,
  returnUrl?: string,
): Promise<PaymentAnswer> {
  if (payment.status === "succeeded") {
    const context = (await store.getPlanContext(payment.plan_id))!;
    const session = payment.session_id ? await store.getSession(payment.session_id) : null;
    const receipt = (await store.getReceiptForPayment(payment.id))!;
    return {
      status: 201,
      body: {
        payment: (await store.getPayment(payment.id))!,
        receipt,
        redirect_url: purchaseRedirect(returnUrl, context, session, receipt),
      },
    };
  }
  if (payment.failure_code === "sold_out" || payment.failure_code === "promo_used_up") {
    throw refusal(payment.failure_code);
  }
  if (payment.failure_code === "challenge_expired") {
    throw new HttpError(
      410,
      "challenge_expired",
      "The card check took too long and has expired. Nothing was charged; try again.",
    );
  }
  return {
    status: 402,
    body: {
      error: { code: "card_declined", message: DECLINE_MESSAGES.card_declined },
      payment_id: payment.id,
    },
  };
}

interface PaymentRouteOptions {
  /** Keys the request fingerprints of idempotency records (see payments/fingerprint.ts). */
  serverSecret: Buffer;
  /** The clock idempotency records are dated and expired by. */
  now: () => number;
  /** Whether receipts are emailed ("send": a mail server is configured) or only kept. */
  receiptEmail: ReceiptDelivery;
}

/**
 * `POST /api/v1/payments`: charge a test card for a plan and return the receipt (or a
 * challenge to settle first); `POST /api/v1/payments/:id/challenge` settles it.
 */
export function paymentRoutes(
  store: Store,
  { serverSecret, now, receiptEmail }: PaymentRouteOptions,
) {
  return new Hono()
    .post("/", async (c) => {
      const key = c.req.header("idempotency-key") ?? null;
      if (key !== null && !IDEMPOTENCY_KEY.test(key)) {
        throw new HttpError(
          400,
          "invalid_idempotency_key",
          "Idempotency-Key must be 1 to 255 printable ASCII characters.",
          "Idempotency-Key",
        );
      }
      const body = await readJson(c, PaymentSchema);
      // Keyed and without the CVC: the record must not let anyone recover the card.
      const requestHash = requestFingerprint(serverSecret, body);

      // The key's stored answer, or the charge: one transaction (payments/charge.ts).
      const answer = await store.charge({
        body,
        idempotencyKey: key,
        requestHash,
        receiptEmail,
        time: now(),
      });
      // A payment changes its plan's stock, nothing else that buyers read.
      changesOnly(c, [body.plan_id]);
      return c.json(answer.body, answer.status);
    })
    .post("/:id/challenge", async (c) => {
      const id = paymentId(c.req.param("id"));
      const { outcome, return_url } = await readJson(c, ChallengeSchema);
      const result = await store.settleChallenge(id, outcome, receiptEmail);
      if (result.kind === "not_found") {
        throw notFound("payment", id, "id");
      }
      if (result.kind === "no_challenge") {
        throw new HttpError(409, "no_challenge", `Payment ${id} has no challenge to settle.`, "id");
      }
      if (result.kind === "already_settled" && result.outcome !== outcome) {
        throw new HttpError(
          409,
          "challenge_already_settled",
          `The challenge of payment ${id} was already settled with "${result.outcome}".`,
          "outcome",
        );
      }
      const answer = await settledAnswer(store, result.payment, return_url);
      changesOnly(c, [result.payment.plan_id]);
      return c.json(answer.body, answer.status);
    });
}

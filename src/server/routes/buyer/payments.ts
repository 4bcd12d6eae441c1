import { Hono } from "hono";
import * as v from "valibot";
import { luhnValid } from "../../../card.ts";
import type { ApiErrorBody, ChallengeRequired, PaymentResult } from "../../../protocol/index.ts";
import { checkCustomAnswers, checkOpenPlan, checkSession } from "../../checks.ts";
import { notFound, pathId } from "../../http/guards.ts";
import { HttpError } from "../../http/http-error.ts";
import { changesOnly } from "../../http/public-answers.ts";
import {
  affiliateCodeField,
  customFieldAnswersField,
  emailField,
  httpUrlField,
  optionalSessionIdField,
  planIdField,
  promoCodeField,
  readJson,
  utmField,
} from "../../http/validation.ts";
import { requestFingerprint } from "../../payments/fingerprint.ts";
import { chargeTestCard, DECLINE_MESSAGES } from "../../payments/test-processor.ts";
import { findPromo, quote } from "../../pricing.ts";
import { purchaseRedirect } from "../../redirect.ts";
import type { Store } from "../../store/interface.ts";
import type { PaymentDetails, PlanContext, ReceiptDelivery } from "../../store/records.ts";
import { BUYER_DETAIL_FIELDS, buyerDetails } from "./buyer-details.ts";

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

type PaymentBody = v.InferOutput<typeof PaymentSchema>;

export const ChallengeSchema = v.strictObject({
  outcome: v.picklist(["approve", "fail"], 'outcome must be "approve" or "fail".'),
  return_url: v.optional(httpUrlField("return_url")),
});

/** The answer to one payment request, kept verbatim for idempotent replays. */
interface Answer {
  status: 201 | 202 | 402;
  body: PaymentResult | ChallengeRequired | (ApiErrorBody & { payment_id: string });
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;
/** How long a stored answer is replayed; after that its record is deleted. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;
const paymentId = pathId("pay");

const soldOut = () => new HttpError(422, "sold_out", "This plan is sold out.", "plan_id");

/** Charges for `body`; `found` is its plan as read in this transaction (null: no such plan). */
async function pay(
  store: Store,
  body: PaymentBody,
  idempotencyKey: string | null,
  receiptEmail: ReceiptDelivery,
  found: PlanContext | null,
): Promise<Answer> {
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

/** A sale the card allowed but the plan or promo could not honour; nothing was charged. */
function refusal(reason: "sold_out" | "promo_used_up"): HttpError {
  return reason === "sold_out"
    ? soldOut()
    : new HttpError(
        422,
        "promo_used_up",
        "This promo code has just been fully redeemed. Remove it to pay the full price.",
        "promo_code",
      );
}

/** The answer for a payment whose challenge is settled: like a direct payment's answer. */
async function settledAnswer(
  store: Store,
  payment: PaymentDetails,
  returnUrl?: string,
): Promise<Answer> {
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

      // One transaction, in which reading the key's answer holds the key until the end (the
      // store's lock on SQLite, an advisory lock across instances on PostgreSQL): concurrent
      // requests with the same key are serialised, so the first one charges and every other
      // gets its stored answer.
      const answer = await store.transaction(async (tx): Promise<Answer> => {
        const time = now();
        const context = await tx.getPlanContext(body.plan_id);
        // Keys are unique per company, and the plan names the company. A plan that does not
        // exist has none: pay() answers 404, and an error is never stored.
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
              status: stored.status_code as Answer["status"],
              body: stored.response as Answer["body"],
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

import { createHash } from "node:crypto";
import { Hono } from "hono";
import * as v from "valibot";
import { luhnValid } from "../../card.ts";
import { type ApiErrorBody, type PaymentResult, PLAN_ID, SESSION_ID } from "../../protocol.ts";
import { HttpError } from "../http-error.ts";
import { chargeTestCard } from "../payments/test-processor.ts";
import type { PlanContext, SessionRecord, Store } from "../store/store.ts";
import { readJson } from "../validation.ts";

const PaymentSchema = v.strictObject({
  plan_id: v.pipe(
    v.string("plan_id must be a string."),
    v.regex(PLAN_ID, "plan_id must look like plan_XXXXXXXX."),
  ),
  session_id: v.optional(
    v.nullable(
      v.pipe(
        v.string("session_id must be a string."),
        v.regex(SESSION_ID, "session_id must look like ch_XXXXXXXX."),
      ),
    ),
  ),
  email: v.pipe(
    v.string("email is required."),
    v.trim(),
    v.maxLength(254, "email is too long."),
    v.email("email must be a valid email address."),
  ),
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
  utm: v.optional(
    v.pipe(
      v.record(
        v.pipe(v.string(), v.regex(/^utm_[a-z_]{1,32}$/, "utm keys must be utm_* names.")),
        v.pipe(v.string(), v.maxLength(200, "utm values must be at most 200 characters.")),
      ),
      v.maxEntries(10, "utm may carry at most 10 parameters."),
    ),
  ),
  affiliate_code: v.optional(
    v.pipe(v.string(), v.regex(/^[\w-]{1,64}$/, "affiliate_code must be letters, digits, - or _.")),
  ),
});

export type PaymentBody = v.InferOutput<typeof PaymentSchema>;

/** The answer to one payment request, kept verbatim for idempotent replays. */
interface Answer {
  status: 201 | 402;
  body: PaymentResult | (ApiErrorBody & { payment_id: string });
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** Session override > product (whop) setting > company setting. */
export const resolveRedirectUrl = (context: PlanContext, session: SessionRecord | null) =>
  session?.redirect_url ?? context.product.redirect_url ?? context.company.redirect_url ?? null;

/** What the buyer pays today: nothing during a free trial, else the initial price. */
export const amountDueToday = (plan: PlanContext["plan"]): number =>
  plan.trial_period_days ? 0 : plan.initial_price;

function checkSellable(context: PlanContext | null, planId: string): PlanContext {
  if (!context) throw new HttpError(404, "plan_not_found", `No plan ${planId} exists.`, "plan_id");
  const { plan, product } = context;
  if (plan.visibility === "archived" || product.visibility === "archived") {
    throw new HttpError(422, "plan_unavailable", "This plan is no longer available.", "plan_id");
  }
  if (plan.release_method !== "buy_now") {
    throw new HttpError(
      422,
      "not_for_sale",
      `This plan takes ${plan.release_method} entries, not payments.`,
      "plan_id",
    );
  }
  if (!plan.unlimited_stock && plan.stock <= 0) {
    throw new HttpError(422, "sold_out", "This plan is sold out.", "plan_id");
  }
  return context;
}

function checkSession(store: Store, id: string | null | undefined, planId: string) {
  if (!id) return null;
  const session = store.getSession(id);
  if (!session) {
    throw new HttpError(
      404,
      "session_not_found",
      `No checkout session ${id} exists.`,
      "session_id",
    );
  }
  if (session.plan_id !== planId) {
    throw new HttpError(
      422,
      "session_plan_mismatch",
      `Checkout session ${id} is for plan ${session.plan_id}, not ${planId}.`,
      "session_id",
    );
  }
  if (Date.parse(session.expires_at) <= Date.now()) {
    throw new HttpError(
      422,
      "session_expired",
      `Checkout session ${id} has expired.`,
      "session_id",
    );
  }
  return session;
}

function pay(store: Store, body: PaymentBody, idempotencyKey: string | null): Answer {
  const context = checkSellable(store.getPlanContext(body.plan_id), body.plan_id);
  const session = checkSession(store, body.session_id, body.plan_id);
  const outcome = chargeTestCard(body.card);
  const recorded = store.recordPayment({
    plan: context.plan,
    session,
    status: outcome.ok ? "succeeded" : "failed",
    failure_code: outcome.ok ? null : outcome.code,
    amount: amountDueToday(context.plan),
    email: body.email,
    name: body.name ?? null,
    country: body.country ?? null,
    card_brand: outcome.brand,
    card_last4: outcome.last4,
    utm: body.utm ?? {},
    affiliate_code: body.affiliate_code ?? null,
    idempotency_key: idempotencyKey,
  });
  if (!recorded.ok && recorded.reason === "sold_out") {
    throw new HttpError(422, "sold_out", "This plan is sold out.", "plan_id");
  }
  if (!recorded.ok) {
    const message = outcome.ok ? "The payment failed." : outcome.message;
    const code = outcome.ok ? "payment_failed" : outcome.code;
    return {
      status: 402,
      body: { error: { code, message }, payment_id: recorded.payment.id },
    };
  }
  return {
    status: 201,
    body: {
      payment: recorded.payment,
      receipt: recorded.receipt,
      redirect_url: resolveRedirectUrl(context, session),
    },
  };
}

/** `POST /api/v1/payments`: charge a test card for a plan and return the receipt. */
export function paymentRoutes(store: Store) {
  return new Hono().post("/", async (c) => {
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
    const requestHash = createHash("sha256").update(JSON.stringify(body)).digest("hex");

    // One synchronous transaction: concurrent requests with the same key are serialized, so
    // the first one charges and every other gets its stored answer.
    const answer = store.transaction((): Answer => {
      if (key) {
        const stored = store.getStoredResponse(key);
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
      const fresh = pay(store, body, key);
      if (key)
        store.storeResponse(key, {
          request_hash: requestHash,
          status_code: fresh.status,
          response: fresh.body,
        });
      return fresh;
    });
    return c.json(answer.body, answer.status);
  });
}

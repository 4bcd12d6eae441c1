import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createCheckoutModel } from "../../../../src/checkout/models/CheckoutModel.ts";
import { useEnglish } from "../setup.ts";
import { config, fakeFetch, fakeReads, QUOTE, RESULT, refusal, VIEW } from "./fake-platform.ts";
import { readyModel } from "./ready-model.ts";

beforeAll(useEnglish);
afterEach(() => vi.unstubAllGlobals());

const CHALLENGE = {
  status: "requires_action",
  payment_id: "pay_9",
  challenge: { id: "c_1", kind: "three_d_secure" },
};

describe("loading the plan", () => {
  it("shows the plan the embed names", async () => {
    fakeFetch([]);
    const model = createCheckoutModel(config());
    await model.load();
    expect(model.state.value).toBe("idle");
    expect(model.plan.value?.id).toBe("plan_T1");
  });

  it("says the plan is missing when the platform does not know it, or none is named", async () => {
    fakeReads({});
    const unknown = createCheckoutModel(config({ planId: "plan_Gone" }));
    await unknown.load();
    expect(unknown.state.value).toBe("error");
    expect(unknown.unavailable.value).toBe("This plan is not available.");
    const unnamed = createCheckoutModel(config({ planId: null }));
    await unnamed.load();
    expect(unnamed.unavailable.value).toBe("This plan is not available.");
  });

  it("finds the plan through a session-only embed's session", async () => {
    fakeReads({
      "/api/v1/checkout_sessions/ses_1": [200, { session: { id: "ses_1", plan_id: "plan_T1" } }],
      "/api/v1/plans/plan_T1": [200, VIEW],
    });
    const model = createCheckoutModel(config({ planId: null, sessionId: "ses_1" }));
    await model.load();
    expect(model.state.value).toBe("idle");
    expect(model.plan.value?.id).toBe("plan_T1");
  });

  it("stops on an expired or unknown session with its own message", async () => {
    fakeReads({
      "/api/v1/checkout_sessions/ses_old": [
        410,
        { error: { code: "session_expired", message: "x" } },
      ],
      "/api/v1/checkout_sessions/ses_none": [
        404,
        { error: { code: "session_not_found", message: "x" } },
      ],
      "/api/v1/plans/plan_T1": [200, VIEW],
    });
    const expired = createCheckoutModel(config({ sessionId: "ses_old" }));
    await expired.load();
    expect(expired.unavailable.value).toBe(
      "This checkout link has expired. Ask the seller for a new one.",
    );
    const unknown = createCheckoutModel(config({ planId: null, sessionId: "ses_none" }));
    await unknown.load();
    expect(unknown.unavailable.value).toBe("This checkout link is not valid.");
  });

  it("refuses sold-out and archived plans before any form is shown", async () => {
    fakeFetch([], { ...VIEW, plan: { ...VIEW.plan, unlimited_stock: false, stock: 0 } });
    const soldOut = createCheckoutModel(config());
    await soldOut.load();
    expect(soldOut.unavailable.value).toBe("Sold out");
    fakeFetch([], { ...VIEW, plan: { ...VIEW.plan, visibility: "archived" } });
    const archived = createCheckoutModel(config());
    await archived.load();
    expect(archived.unavailable.value).toBe("This plan is no longer available.");
  });
});

describe("paying", () => {
  it("retries a network failure with the same idempotency key, and a changed form with a new one", async () => {
    const calls = fakeFetch([
      "network",
      { status: 503, body: {} },
      refusal(402, "card_declined"),
      { status: 201, body: RESULT },
    ]);
    const model = await readyModel();
    await model.submit();
    expect(model.state.value).toBe("error");
    expect(model.problem.value).toMatchObject({ code: "network_error", retryable: true });
    await model.submit();
    expect(model.problem.value).toMatchObject({ retryable: true });
    await model.submit();
    expect(model.problem.value?.message).toBe(
      "Your card was declined. Try another card or contact your bank.",
    );
    // After a decline the same details are a new attempt.
    await model.submit();
    expect(model.state.value).toBe("complete");
    const keys = calls.map((call) => call.key);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[1]).toBe(keys[2]);
    expect(keys[3]).not.toBe(keys[2]);
    expect(calls[0]!.body).toMatchObject({
      plan_id: "plan_T1",
      email: "a@b.co",
      country: "FR",
      affiliate_code: "aff_1",
      utm: { utm_source: "mail" },
      card: { number: "4242424242424242", exp_month: 12, exp_year: 2030, cvc: "123" },
    });
  });

  it("sends the embed's return URL with the payment, for the platform to build the redirect", async () => {
    const calls = fakeFetch([{ status: 201, body: RESULT }]);
    const model = await readyModel({ returnUrl: "https://shop.example/thanks" });
    await model.submit();
    expect(model.state.value).toBe("complete");
    expect(calls[0]!.body).toMatchObject({ return_url: "https://shop.example/thanks" });
  });

  it("ignores a second submit while one is in flight", async () => {
    const calls = fakeFetch([{ status: 201, body: RESULT }]);
    const model = await readyModel();
    await Promise.all([model.submit(), model.submit()]);
    expect(calls).toHaveLength(1);
  });

  it("does not send a payment when a field is invalid, and asks to focus the first one", async () => {
    const calls = fakeFetch([]);
    const model = await readyModel();
    model.form.setValue("cvc", "1");
    model.form.setValue("name", "");
    await model.submit();
    expect(calls).toHaveLength(0);
    expect(model.form.focusRequest.value).toEqual({ field: "cvc" });
    const { errors } = model.form;
    expect(Object.keys(errors.value).filter((name) => errors.value[name])).toEqual(["cvc", "name"]);
  });

  it("pays the promo code's total with the code applied", async () => {
    const calls = fakeFetch([
      { status: 200, body: QUOTE },
      { status: 201, body: RESULT },
    ]);
    const model = await readyModel();
    expect(model.amountDue.value).toBe(4900);
    model.promo.code.value = "launch20";
    await model.promo.apply();
    expect(model.amountDue.value).toBe(3920);
    await model.submit();
    expect(calls[1]!.body).toMatchObject({ promo_code: "LAUNCH20" });
  });

  it("charges nothing today during a free trial", async () => {
    fakeFetch([], { ...VIEW, plan: { ...VIEW.plan, trial_period_days: 7 } });
    const model = createCheckoutModel(config());
    await model.load();
    expect(model.amountDue.value).toBe(0);
  });

  it("shows a field the platform refused on that field, and rate limits as their own message", async () => {
    fakeFetch([
      refusal(400, "invalid", "email is too long.", "email"),
      refusal(429, "rate_limited", "Slow down"),
    ]);
    const model = await readyModel();
    await model.submit();
    expect(model.form.errors.value.email).toBe("email is too long.");
    expect(model.form.focusRequest.value).toEqual({ field: "email" });
    await model.submit();
    expect(model.problem.value).toMatchObject({
      message: "Too many attempts. Wait a minute, then try again.",
      retryable: true,
    });
  });
});

describe("the challenge step", () => {
  it("shows the challenge step, keeps it open on a network failure, and settles it", async () => {
    const calls = fakeFetch([
      { status: 202, body: CHALLENGE },
      "network",
      { status: 201, body: RESULT },
    ]);
    const model = await readyModel();
    await model.submit();
    expect(model.state.value).toBe("challenge");
    await model.resolveChallenge("approve");
    expect(model.state.value).toBe("challenge");
    expect(model.problem.value?.retryable).toBe(true);
    await model.resolveChallenge("approve");
    expect(model.state.value).toBe("complete");
    expect(calls.slice(1).map((call) => [call.url, call.body])).toEqual([
      ["/api/v1/payments/pay_9/challenge", { outcome: "approve" }],
      ["/api/v1/payments/pay_9/challenge", { outcome: "approve" }],
    ]);
  });

  it("an expired challenge returns to the form with its own message", async () => {
    fakeFetch([{ status: 202, body: CHALLENGE }, refusal(410, "challenge_expired")]);
    const model = await readyModel();
    await model.submit();
    await model.resolveChallenge("approve");
    expect(model.state.value).toBe("error");
    expect(model.challenge.value).toBeNull();
    expect(model.problem.value?.message).toBe(
      "This confirmation has expired. Pay again to get a new one.",
    );
  });
});

describe("the host page's promo code", () => {
  it("is priced before the checkout is ready, and its totals say so", async () => {
    const calls = fakeFetch([{ status: 200, body: QUOTE }]);
    const model = createCheckoutModel(config({ promoCode: "LAUNCH20" }));
    await model.load();
    expect(calls[0]).toMatchObject({ url: "/api/v1/plans/plan_T1/quote" });
    expect(model.state.value).toBe("idle");
    expect(model.totals.value).toEqual({ amount: 3920, currency: "usd", promo_code: "LAUNCH20" });
  });

  it("when refused, leaves the full price and the error in the promo field", async () => {
    fakeFetch([refusal(400, "promo_invalid")]);
    const model = createCheckoutModel(config({ promoCode: "NOPE" }));
    await model.load();
    expect(model.state.value).toBe("idle");
    expect(model.promo.code.value).toBe("NOPE");
    expect(model.promo.error.value).not.toBeNull();
    expect(model.totals.value).toEqual({ amount: 4900, currency: "usd", promo_code: null });
  });
});

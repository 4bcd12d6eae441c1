import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createCheckoutModel, formFieldOf } from "../../../src/checkout/CheckoutModel.ts";
import type { PlanView } from "../../../src/protocol/index.ts";
import { readEmbedQuery } from "../../../src/server/embed/query.ts";
import { useEnglish } from "./setup.ts";

beforeAll(useEnglish);
afterEach(() => vi.unstubAllGlobals());

const VIEW: PlanView = {
  plan: {
    id: "plan_T1",
    plan_type: "one_time",
    release_method: "buy_now",
    visibility: "visible",
    base_currency: "usd",
    initial_price: 4900,
    renewal_price: 0,
    billing_period: null,
    trial_period_days: null,
    expiration_days: null,
    unlimited_stock: true,
    stock: 0,
    description: null,
    custom_fields: [],
  },
  product: {
    id: "prod_1",
    title: "Course",
    headline: null,
    description: null,
    logo_url: null,
    route: "course",
    terms_url: null,
  },
  company: { id: "biz_1", title: "Acme" },
};

const RESULT = {
  payment: { id: "pay_1", plan_id: "plan_T1", session_id: null },
  receipt: { id: "r_1", amount: 4900, currency: "usd", email: "a@b.co" },
  redirect_url: null,
};

type Reply = { status: number; body: unknown } | "network";
interface Call {
  url: string;
  key: string | undefined;
  body: Record<string, unknown> | undefined;
}

/** A fake platform: answers the plan read, then each other request with the next reply. */
function fakeFetch(replies: Reply[], view: PlanView = VIEW) {
  const calls: Call[] = [];
  vi.stubGlobal("fetch", async (url: string, init?: RequestInit) => {
    if (!init) return new Response(JSON.stringify(view), { status: 200 });
    const headers = (init.headers ?? {}) as Record<string, string>;
    calls.push({
      url,
      key: headers["Idempotency-Key"],
      body: JSON.parse(init.body as string),
    });
    const reply = replies.shift()!;
    if (reply === "network") throw new TypeError("Failed to fetch");
    return new Response(JSON.stringify(reply.body), { status: reply.status });
  });
  return calls;
}

async function readyModel(query = "?planId=plan_T1&affiliateCode=aff_1&utm_source=mail") {
  const model = createCheckoutModel(readEmbedQuery(query), () => new Date(Date.UTC(2026, 0, 1)));
  await model.load();
  for (const [name, value] of Object.entries({
    email: "a@b.co",
    name: "Ada",
    cardNumber: "4242 4242 4242 4242",
    expiry: "12/30",
    cvc: "123",
    country: "FR",
  })) {
    model.setValue(name, value);
  }
  return model;
}

describe("checkout model", () => {
  it("retries a network failure with the same idempotency key, and a changed form with a new one", async () => {
    const calls = fakeFetch([
      "network",
      { status: 503, body: {} },
      { status: 402, body: { error: { code: "card_declined", message: "x" } } },
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
    const model = await readyModel("?planId=plan_T1&returnUrl=/thanks&origin=https://shop.example");
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

  it("shows the challenge step, keeps it open on a network failure, and settles it", async () => {
    const challenge = {
      status: "requires_action",
      payment_id: "pay_9",
      challenge: { id: "c_1", kind: "three_d_secure" },
    };
    const calls = fakeFetch([
      { status: 202, body: challenge },
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
    const challenge = {
      status: "requires_action",
      payment_id: "pay_9",
      challenge: { id: "c_1", kind: "three_d_secure" },
    };
    fakeFetch([
      { status: 202, body: challenge },
      { status: 410, body: { error: { code: "challenge_expired", message: "x" } } },
    ]);
    const model = await readyModel();
    await model.submit();
    await model.resolveChallenge("approve");
    expect(model.state.value).toBe("error");
    expect(model.challenge.value).toBeNull();
    expect(model.problem.value?.message).toBe(
      "This confirmation has expired. Pay again to get a new one.",
    );
  });

  it("prices a promo code and pays with it; explains unknown and expired codes", async () => {
    const quote = {
      plan_id: "plan_T1",
      currency: "usd",
      subtotal: 4900,
      discount: 980,
      total: 3920,
      renewal_total: null,
      promo: { code: "LAUNCH20", percent_off: 20, amount_off: null },
    };
    const calls = fakeFetch([
      { status: 404, body: { error: { code: "promo_not_found", message: "x" } } },
      { status: 422, body: { error: { code: "promo_expired", message: "x" } } },
      { status: 200, body: quote },
      { status: 201, body: RESULT },
    ]);
    const model = await readyModel();
    await model.applyPromo();
    expect(model.promoError.value).toBe("Enter a promo code.");
    model.promoCode.value = "nope";
    await model.applyPromo();
    expect(model.promoError.value).toMatch(/isn't valid/);
    model.promoCode.value = "old";
    await model.applyPromo();
    expect(model.promoError.value).toBe("This promo code has expired.");
    model.promoCode.value = "launch20";
    await model.applyPromo();
    expect(model.amountDue.value).toBe(3920);
    await model.submit();
    expect(calls[3]!.body).toMatchObject({ promo_code: "LAUNCH20" });
  });

  it("does not send a payment when a field is invalid, and asks to focus the first one", async () => {
    const calls = fakeFetch([]);
    const model = await readyModel();
    model.setValue("cvc", "1");
    model.setValue("name", "");
    await model.submit();
    expect(calls).toHaveLength(0);
    expect(model.focusRequest.value).toEqual({ field: "cvc" });
    expect(Object.keys(model.errors.value).filter((name) => model.errors.value[name])).toEqual([
      "cvc",
      "name",
    ]);
  });

  it("sends waitlist entries with the custom field answers and no card", async () => {
    const view: PlanView = {
      ...VIEW,
      plan: {
        ...VIEW.plan,
        release_method: "waitlist",
        custom_fields: [
          {
            id: "tg",
            field_type: "text",
            name: "Telegram",
            placeholder: null,
            required: true,
            order: 2,
          },
        ],
      },
    };
    const entry = {
      id: "ent_1",
      plan_id: "plan_T1",
      kind: "waitlist",
      email: "a@b.co",
      created_at: "",
    };
    const calls = fakeFetch([{ status: 201, body: { entry } }], view);
    const model = await readyModel();
    expect(model.fieldNames.value).toEqual(["email", "cf_tg"]);
    await model.submit();
    expect(model.focusRequest.value).toEqual({ field: "cf_tg" });
    model.setValue("cf_tg", " @ada ");
    await model.submit();
    expect(model.state.value).toBe("complete");
    expect(model.entry.value).toEqual(entry);
    expect(calls[0]!.body).toEqual({
      plan_id: "plan_T1",
      session_id: null,
      email: "a@b.co",
      custom_fields: { tg: "@ada" },
    });
  });

  it("refuses sold-out and archived plans before any form is shown", async () => {
    fakeFetch([], { ...VIEW, plan: { ...VIEW.plan, unlimited_stock: false, stock: 0 } });
    const soldOut = createCheckoutModel(readEmbedQuery("?planId=plan_T1"));
    await soldOut.load();
    expect(soldOut.unavailable.value).toBe("Sold out");
    fakeFetch([], { ...VIEW, plan: { ...VIEW.plan, visibility: "archived" } });
    const archived = createCheckoutModel(readEmbedQuery("?planId=plan_T1"));
    await archived.load();
    expect(archived.unavailable.value).toBe("This plan is no longer available.");
  });

  it("shows a field the platform refused on that field, and rate limits as their own message", async () => {
    fakeFetch([
      {
        status: 400,
        body: { error: { code: "invalid", message: "email is too long.", field: "email" } },
      },
      { status: 429, body: { error: { code: "rate_limited", message: "Slow down" } } },
    ]);
    const model = await readyModel();
    await model.submit();
    expect(model.errors.value.email).toBe("email is too long.");
    expect(model.focusRequest.value).toEqual({ field: "email" });
    await model.submit();
    expect(model.problem.value).toMatchObject({
      message: "Too many attempts. Wait a minute, then try again.",
      retryable: true,
    });
    expect(formFieldOf("card.exp_year")).toBe("expiry");
    expect(formFieldOf("custom_fields.discord")).toBe("cf_discord");
    expect(formFieldOf("Idempotency-Key")).toBeNull();
  });
});

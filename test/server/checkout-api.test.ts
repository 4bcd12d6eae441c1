import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { DEMO } from "../../src/server/seed.ts";
import { migrate } from "../../src/server/store/database.ts";
import {
  addPlan,
  addPromo,
  challengeCard,
  createTestApp,
  DEMO_ORIGIN,
  declineCard,
  postJson,
  successCard,
} from "./helpers.ts";

const purchase = (overrides: Record<string, unknown> = {}) => ({
  plan_id: DEMO.oneTimePlan,
  email: "buyer@example.com",
  card: successCard,
  ...overrides,
});

const count = (store: { db: Database.Database }, table: string) =>
  (store.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

describe("POST /api/v1/plans/:id/quote", () => {
  it("prices a plan without a promo code", async () => {
    const { app } = createTestApp();
    const response = await app.request(`/api/v1/plans/${DEMO.oneTimePlan}/quote`, postJson({}));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      plan_id: DEMO.oneTimePlan,
      currency: "usd",
      subtotal: 4900,
      discount: 0,
      total: 4900,
      renewal_total: null,
      promo: null,
    });
  });

  it("applies percent and amount codes, case-insensitively, to today and to renewals", async () => {
    const { app } = createTestApp();
    const launch = await app.request(
      `/api/v1/plans/${DEMO.monthlyPlan}/quote`,
      postJson({ promo_code: " launch20 " }),
    );
    expect(launch.status).toBe(200);
    expect(await launch.json()).toEqual({
      plan_id: DEMO.monthlyPlan,
      currency: "usd",
      subtotal: 2000,
      discount: 400,
      total: 1600,
      renewal_total: 1600,
      promo: { code: "LAUNCH20", percent_off: 20, amount_off: null },
    });
    const ten = await app.request(
      `/api/v1/plans/${DEMO.oneTimePlan}/quote`,
      postJson({ promo_code: "SAVE10" }),
    );
    expect(await ten.json()).toMatchObject({ subtotal: 4900, discount: 1000, total: 3900 });
  });

  it("never discounts below zero and charges nothing today during a trial", async () => {
    const { app, store } = createTestApp();
    const cheap = addPlan(store, { initial_price: 500 });
    const trial = addPlan(store, {
      plan_type: "renewal",
      initial_price: 3000,
      renewal_price: 3000,
      billing_period: 30,
      trial_period_days: 7,
    });
    const capped = await app.request(
      `/api/v1/plans/${cheap.id}/quote`,
      postJson({ promo_code: "SAVE10" }),
    );
    expect(await capped.json()).toMatchObject({ subtotal: 500, discount: 500, total: 0 });
    const trialQuote = await app.request(
      `/api/v1/plans/${trial.id}/quote`,
      postJson({ promo_code: "LAUNCH20" }),
    );
    expect(await trialQuote.json()).toMatchObject({ total: 0, renewal_total: 2400 });
  });

  it("refuses unknown, expired, used up and inapplicable codes with their own errors", async () => {
    const { app, store } = createTestApp();
    const other = addPlan(store);
    const euro = addPlan(store, { base_currency: "eur" });
    addPromo(store, { code: "ONLYOTHER", plan_ids: [other.id] });
    const usedUp = addPromo(store, { code: "ONCE", max_redemptions: 1 });
    expect(store.promos.redeem(usedUp.id)).toBe(true);

    const quoteWith = (planId: string, code: string) =>
      app.request(`/api/v1/plans/${planId}/quote`, postJson({ promo_code: code }));
    const cases: [string, string, number, string][] = [
      [DEMO.oneTimePlan, "NOPE", 404, "promo_not_found"],
      [DEMO.oneTimePlan, "EXPIRED", 422, "promo_expired"],
      [DEMO.oneTimePlan, "ONCE", 422, "promo_used_up"],
      [DEMO.oneTimePlan, "ONLYOTHER", 422, "promo_not_applicable"],
      [euro.id, "SAVE10", 422, "promo_not_applicable"],
    ];
    for (const [planId, code, status, errorCode] of cases) {
      const response = await quoteWith(planId, code);
      expect(response.status, code).toBe(status);
      const { error } = await response.json();
      expect(error.code).toBe(errorCode);
      expect(error.field).toBe("promo_code");
      expect(error.message).toContain(code);
    }
    expect((await quoteWith(other.id, "onlyother")).status).toBe(200);
  });

  it("answers 404 for an unknown plan and 400 for a malformed id or body", async () => {
    const { app } = createTestApp();
    const missing = await app.request("/api/v1/plans/plan_Nope/quote", postJson({}));
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe("plan_not_found");
    const malformed = await app.request("/api/v1/plans/nope/quote", postJson({}));
    expect(malformed.status).toBe(400);
    const badCode = await app.request(
      `/api/v1/plans/${DEMO.oneTimePlan}/quote`,
      postJson({ promo_code: "no spaces!" }),
    );
    expect(badCode.status).toBe(400);
    expect((await badCode.json()).error.field).toBe("promo_code");
  });
});

describe("POST /api/v1/payments with promo, country and attribution", () => {
  it("charges the discounted price and records promo, country, utm and affiliate", async () => {
    const { app, store } = createTestApp();
    const response = await app.request(
      "/api/v1/payments",
      postJson(
        purchase({
          promo_code: "launch20",
          country: "PT",
          utm: { utm_source: "newsletter", utm_campaign: "spring" },
          affiliate_code: "friend-42",
        }),
      ),
    );
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body.payment).toMatchObject({ status: "succeeded", amount: 3920 });
    expect(body.receipt.amount).toBe(3920);
    expect(store.getPaymentDetails(body.payment.id)).toMatchObject({
      subtotal: 4900,
      discount: 980,
      promo_code: "LAUNCH20",
      country: "PT",
      utm: { utm_source: "newsletter", utm_campaign: "spring" },
      affiliate_code: "friend-42",
    });
    expect(store.promos.find(DEMO.company, "LAUNCH20")?.redemptions).toBe(1);
  });

  it("refuses a bad promo code or country before charging, writing nothing", async () => {
    const { app, store } = createTestApp();
    const unknown = await app.request(
      "/api/v1/payments",
      postJson(purchase({ promo_code: "NOPE" })),
    );
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toMatchObject({
      code: "promo_not_found",
      field: "promo_code",
    });
    const expired = await app.request(
      "/api/v1/payments",
      postJson(purchase({ promo_code: "EXPIRED" })),
    );
    expect(expired.status).toBe(422);
    const country = await app.request("/api/v1/payments", postJson(purchase({ country: "pt" })));
    expect(country.status).toBe(400);
    expect((await country.json()).error.field).toBe("country");
    expect(count(store, "payments")).toBe(0);
  });

  it("lets only as many buyers use a code as it allows", async () => {
    const { app, store } = createTestApp();
    addPromo(store, { code: "FIRST", max_redemptions: 1 });
    const first = await app.request(
      "/api/v1/payments",
      postJson(purchase({ promo_code: "FIRST" })),
    );
    expect(first.status).toBe(201);
    const second = await app.request(
      "/api/v1/payments",
      postJson(purchase({ promo_code: "FIRST", email: "late@example.com" })),
    );
    expect(second.status).toBe(422);
    expect((await second.json()).error).toMatchObject({
      code: "promo_used_up",
      field: "promo_code",
    });
    expect(count(store, "payments")).toBe(1);
  });

  it("sells limited stock until it runs out", async () => {
    const { app, store } = createTestApp();
    const plan = addPlan(store, { unlimited_stock: false, stock: 1 });
    const first = await app.request("/api/v1/payments", postJson(purchase({ plan_id: plan.id })));
    expect(first.status).toBe(201);
    const second = await app.request("/api/v1/payments", postJson(purchase({ plan_id: plan.id })));
    expect(second.status).toBe(422);
    expect((await second.json()).error.code).toBe("sold_out");
    expect(store.getPlanContext(plan.id)?.plan.stock).toBe(0);
  });

  it("queues payment and membership webhooks in the same transaction as the payment", async () => {
    const { app, store } = createTestApp();
    store.webhooks.addEndpoint({ company_id: DEMO.company, url: "http://127.0.0.1:9/hook" });
    await app.request("/api/v1/payments", postJson(purchase()));
    await app.request("/api/v1/payments", postJson(purchase({ card: declineCard })));
    const types = store.webhooks
      .listDeliveries()
      .map((delivery) => delivery.event_type)
      .sort();
    expect(types).toEqual(["membership.created", "payment.failed", "payment.succeeded"]);
  });
});

describe("the redirect after a purchase", () => {
  it("prefers the embed's return URL to the redirect settings, and checks it", async () => {
    const { app, store } = createTestApp();
    const paid = await app.request(
      "/api/v1/payments",
      postJson(purchase({ return_url: "https://shop.example/thanks?ref=embed" })),
    );
    expect(paid.status).toBe(201);
    const body = await paid.json();
    expect(body.redirect_url).toBe(
      `https://shop.example/thanks?ref=embed&status=success&receipt_id=${body.receipt.id}&plan_id=${DEMO.oneTimePlan}`,
    );

    const before = count(store, "payments");
    for (const bad of ["javascript:alert(1)", "/relative", "ftp://x.example/"]) {
      const refused = await app.request(
        "/api/v1/payments",
        postJson(purchase({ return_url: bad })),
      );
      expect(refused.status).toBe(400);
      expect((await refused.json()).error.field).toBe("return_url");
    }
    expect(count(store, "payments")).toBe(before);
  });

  it("keeps the return URL across a challenge", async () => {
    const { app } = createTestApp();
    const started = await app.request(
      "/api/v1/payments",
      postJson(purchase({ card: challengeCard })),
    );
    const { payment_id } = await started.json();
    const approved = await app.request(
      `/api/v1/payments/${payment_id}/challenge`,
      postJson({ outcome: "approve", return_url: "https://shop.example/after" }),
    );
    const body = await approved.json();
    expect(body.redirect_url).toBe(
      `https://shop.example/after?status=success&receipt_id=${body.receipt.id}&plan_id=${DEMO.oneTimePlan}`,
    );
  });
});

describe("3-D Secure style challenges", () => {
  const startChallenge = async (
    app: ReturnType<typeof createTestApp>["app"],
    overrides: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) =>
    app.request(
      "/api/v1/payments",
      postJson(purchase({ card: challengeCard, ...overrides }), headers),
    );

  it("answers 202 with a challenge, then completes the payment on approve", async () => {
    const { app, store } = createTestApp();
    const started = await startChallenge(app, { session_id: DEMO.session, promo_code: "LAUNCH20" });
    expect(started.status).toBe(202);
    const challenge = await started.json();
    expect(challenge).toMatchObject({
      status: "requires_action",
      challenge: { kind: "three_d_secure" },
    });
    expect(challenge.payment_id).toMatch(/^pay_/);
    expect(store.getPayment(challenge.payment_id)?.status).toBe("requires_action");
    expect(count(store, "receipts")).toBe(0);
    expect(store.promos.find(DEMO.company, "LAUNCH20")?.redemptions).toBe(0);

    const settle = (outcome: string) =>
      app.request(`/api/v1/payments/${challenge.payment_id}/challenge`, postJson({ outcome }));
    const approved = await settle("approve");
    expect(approved.status).toBe(201);
    const result = await approved.json();
    expect(result.payment).toMatchObject({
      id: challenge.payment_id,
      status: "succeeded",
      amount: 3920,
      card_last4: "3220",
    });
    expect(result.receipt.payment_id).toBe(challenge.payment_id);
    expect(result.redirect_url).toBe(
      `${DEMO_ORIGIN}/thank-you.html?status=success&receipt_id=${result.receipt.id}&plan_id=${result.payment.plan_id}&session_id=${DEMO.session}`,
    );
    expect(count(store, "memberships")).toBe(1);
    expect(store.promos.find(DEMO.company, "LAUNCH20")?.redemptions).toBe(1);

    // Settling again is idempotent; the opposite outcome is a conflict.
    const again = await settle("approve");
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(result);
    const conflict = await settle("fail");
    expect(conflict.status).toBe(409);
    expect((await conflict.json()).error.code).toBe("challenge_already_settled");
    expect(count(store, "receipts")).toBe(1);
  });

  it("declines the payment when the challenge fails", async () => {
    const { app, store } = createTestApp();
    const { payment_id } = await (await startChallenge(app)).json();
    const failed = await app.request(
      `/api/v1/payments/${payment_id}/challenge`,
      postJson({ outcome: "fail" }),
    );
    expect(failed.status).toBe(402);
    expect(await failed.json()).toEqual({
      error: {
        code: "card_declined",
        message: "Your card was declined. Try another card or contact your bank.",
      },
      payment_id,
    });
    expect(store.getPaymentDetails(payment_id)).toMatchObject({
      status: "failed",
      failure_code: "card_declined",
    });
    expect(count(store, "receipts")).toBe(0);
  });

  it("replays the 202 for a repeated Idempotency-Key without a second payment", async () => {
    const { app, store } = createTestApp();
    const headers = { "Idempotency-Key": "challenge-1" };
    const first = await (await startChallenge(app, {}, headers)).json();
    const second = await startChallenge(app, {}, headers);
    expect(second.status).toBe(202);
    expect(await second.json()).toEqual(first);
    expect(count(store, "payments")).toBe(1);
  });

  it("refuses to approve when the last unit sold while the buyer was challenged", async () => {
    const { app, store } = createTestApp();
    const plan = addPlan(store, { unlimited_stock: false, stock: 1 });
    const { payment_id } = await (await startChallenge(app, { plan_id: plan.id })).json();
    const direct = await app.request("/api/v1/payments", postJson(purchase({ plan_id: plan.id })));
    expect(direct.status).toBe(201);
    const approved = await app.request(
      `/api/v1/payments/${payment_id}/challenge`,
      postJson({ outcome: "approve" }),
    );
    expect(approved.status).toBe(422);
    expect((await approved.json()).error.code).toBe("sold_out");
    expect(store.getPaymentDetails(payment_id)).toMatchObject({
      status: "failed",
      failure_code: "sold_out",
    });
  });

  it("expires a challenge left unsettled for 15 minutes", async () => {
    const { app, store } = createTestApp();
    const { payment_id } = await (await startChallenge(app)).json();
    store.db
      .prepare("UPDATE payments SET created_at = ? WHERE id = ?")
      .run(new Date(Date.now() - 16 * 60_000).toISOString(), payment_id);
    const late = await app.request(
      `/api/v1/payments/${payment_id}/challenge`,
      postJson({ outcome: "approve" }),
    );
    expect(late.status).toBe(410);
    expect((await late.json()).error.code).toBe("challenge_expired");
    expect(store.getPaymentDetails(payment_id)).toMatchObject({
      status: "failed",
      failure_code: "challenge_expired",
    });
    expect(count(store, "receipts")).toBe(0);
  });

  it("answers 404, 409 and 400 for unknown payments, payments without a challenge and bad bodies", async () => {
    const { app } = createTestApp();
    const unknown = await app.request(
      "/api/v1/payments/pay_Missing/challenge",
      postJson({ outcome: "approve" }),
    );
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe("payment_not_found");

    const paid = await (await app.request("/api/v1/payments", postJson(purchase()))).json();
    const noChallenge = await app.request(
      `/api/v1/payments/${paid.payment.id}/challenge`,
      postJson({ outcome: "approve" }),
    );
    expect(noChallenge.status).toBe(409);
    expect((await noChallenge.json()).error.code).toBe("no_challenge");

    const bad = await app.request(
      `/api/v1/payments/${paid.payment.id}/challenge`,
      postJson({ outcome: "maybe" }),
    );
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.field).toBe("outcome");
    const malformed = await app.request(
      "/api/v1/payments/nope/challenge",
      postJson({ outcome: "fail" }),
    );
    expect(malformed.status).toBe(400);
  });
});

describe("POST /api/v1/entries", () => {
  const waitlist = (store: ReturnType<typeof createTestApp>["store"], kind = "waitlist") =>
    addPlan(store, {
      release_method: kind as "waitlist",
      custom_fields: [
        {
          id: "discord",
          field_type: "text",
          name: "Discord username",
          placeholder: null,
          required: true,
          order: 1,
        },
        {
          id: "why",
          field_type: "text",
          name: "Why join?",
          placeholder: null,
          required: false,
          order: 2,
        },
      ],
    });

  it("creates an entry with the custom-field answers and queues its webhook", async () => {
    const { app, store } = createTestApp();
    store.webhooks.addEndpoint({ company_id: DEMO.company, url: "http://127.0.0.1:9/hook" });
    const plan = waitlist(store);
    const response = await app.request(
      "/api/v1/entries",
      postJson({ plan_id: plan.id, email: "Fan@Example.com", custom_fields: { discord: "fan#1" } }),
    );
    expect(response.status).toBe(201);
    const { entry } = await response.json();
    expect(entry).toMatchObject({ plan_id: plan.id, kind: "waitlist", email: "fan@example.com" });
    expect(entry.id).toMatch(/^entry_/);
    expect(store.entries.list(plan.id)[0]?.custom_fields).toEqual({ discord: "fan#1" });
    expect(store.webhooks.listDeliveries().map((d) => d.event_type)).toEqual([
      "waitlist.entry_created",
    ]);
  });

  it("returns the existing entry with 200 when the same email joins again", async () => {
    const { app, store } = createTestApp();
    const plan = waitlist(store, "raffle");
    const join = (email: string) =>
      app.request(
        "/api/v1/entries",
        postJson({ plan_id: plan.id, email, custom_fields: { discord: "x" } }),
      );
    const first = await join("fan@example.com");
    expect(first.status).toBe(201);
    const firstEntry = (await first.json()).entry;
    expect(firstEntry.kind).toBe("raffle");
    const again = await join("FAN@example.com");
    expect(again.status).toBe(200);
    expect((await again.json()).entry).toEqual(firstEntry);
    expect(store.entries.list(plan.id)).toHaveLength(1);
  });

  it("names a missing required answer or an unknown field as custom_fields.<id>", async () => {
    const { app, store } = createTestApp();
    const plan = waitlist(store);
    const cases: [unknown, string, string][] = [
      [{}, "custom_fields.discord", "custom_field_required"],
      [{ discord: "   " }, "custom_fields.discord", "custom_field_required"],
      [{ discord: "a", shoe_size: "9" }, "custom_fields.shoe_size", "unknown_custom_field"],
      [{ discord: 5 }, "custom_fields.discord", "invalid_request"],
    ];
    for (const [answers, field, code] of cases) {
      const response = await app.request(
        "/api/v1/entries",
        postJson({ plan_id: plan.id, email: "fan@example.com", custom_fields: answers }),
      );
      expect(response.status, field).toBe(400);
      const { error } = await response.json();
      expect(error).toMatchObject({ field, code });
    }
    const required = await app.request(
      "/api/v1/entries",
      postJson({ plan_id: plan.id, email: "fan@example.com" }),
    );
    expect((await required.json()).error.message).toBe("Discord username is required.");
    expect(store.entries.list(plan.id)).toEqual([]);
  });

  it("refuses buy-now plans with 422 and unknown plans with 404", async () => {
    const { app } = createTestApp();
    const buyNow = await app.request(
      "/api/v1/entries",
      postJson({ plan_id: DEMO.oneTimePlan, email: "fan@example.com" }),
    );
    expect(buyNow.status).toBe(422);
    expect((await buyNow.json()).error).toMatchObject({
      code: "not_an_entry_plan",
      field: "plan_id",
    });
    const unknown = await app.request(
      "/api/v1/entries",
      postJson({ plan_id: "plan_Missing", email: "fan@example.com" }),
    );
    expect(unknown.status).toBe(404);
    const badEmail = await app.request(
      "/api/v1/entries",
      postJson({ plan_id: DEMO.oneTimePlan, email: "nope" }),
    );
    expect((await badEmail.json()).error.field).toBe("email");
  });

  it("checks the session against the plan", async () => {
    const { app, store } = createTestApp();
    const plan = waitlist(store);
    const response = await app.request(
      "/api/v1/entries",
      postJson({
        plan_id: plan.id,
        session_id: DEMO.session,
        email: "fan@example.com",
        custom_fields: { discord: "x" },
      }),
    );
    expect(response.status).toBe(422);
    expect((await response.json()).error.code).toBe("session_plan_mismatch");
  });
});

describe("GET /api/v1/checkout_sessions/:id", () => {
  it("returns the public part of a session, without its metadata", async () => {
    const { app } = createTestApp();
    const response = await app.request(`/api/v1/checkout_sessions/${DEMO.session}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      session: {
        id: DEMO.session,
        plan_id: DEMO.oneTimePlan,
        expires_at: "2099-01-01T00:00:00.000Z",
      },
    });
  });

  it("answers 404 for an unknown session, 410 for an expired one, 400 for a malformed id", async () => {
    const { app, store } = createTestApp();
    const expired = store.createSession({
      plan_id: DEMO.oneTimePlan,
      expires_at: "2020-01-01T00:00:00.000Z",
    });
    const gone = await app.request(`/api/v1/checkout_sessions/${expired.id}`);
    expect(gone.status).toBe(410);
    expect((await gone.json()).error.code).toBe("session_expired");
    const missing = await app.request("/api/v1/checkout_sessions/ch_Missing");
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe("session_not_found");
    const malformed = await app.request("/api/v1/checkout_sessions/sess_1");
    expect(malformed.status).toBe(400);
  });
});

describe("migrations", () => {
  it("rebuilds the payments table of an existing database without losing rows", () => {
    const db = new Database(":memory:");
    db.pragma("foreign_keys = ON");
    db.exec("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)");
    db.exec(readFileSync("src/server/store/migrations/001_init.sql", "utf8"));
    db.prepare("INSERT INTO schema_migrations (name) VALUES ('001_init.sql')").run();
    db.exec(`
      INSERT INTO companies (id, title) VALUES ('biz_1', 'Co');
      INSERT INTO products (id, company_id, title, route) VALUES ('prod_1', 'biz_1', 'P', 'p');
      INSERT INTO plans (id, product_id, plan_type, base_currency, initial_price)
        VALUES ('plan_1', 'prod_1', 'one_time', 'usd', 500);
      INSERT INTO payments (id, plan_id, status, amount, currency, email, card_brand, card_last4)
        VALUES ('pay_1', 'plan_1', 'succeeded', 500, 'usd', 'a@b.co', 'visa', '4242');
      INSERT INTO receipts (id, payment_id) VALUES ('r_1', 'pay_1');
    `);
    expect(migrate(db)).toEqual(["002_promos_entries_keys_webhooks.sql"]);
    expect(db.prepare("SELECT id, status, amount, subtotal, discount FROM payments").all()).toEqual(
      [{ id: "pay_1", status: "succeeded", amount: 500, subtotal: 500, discount: 0 }],
    );
    expect(db.pragma("foreign_key_check")).toEqual([]);
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    // The widened CHECK accepts the new status.
    db.prepare("UPDATE payments SET status = 'requires_action' WHERE id = 'pay_1'").run();
  });
});

import { afterEach, expect, it, vi } from "vitest";
import { IDEMPOTENCY_TTL_MS } from "../../../../src/server/payments/charge.ts";
import { DEMO } from "../../../../src/server/seed.ts";
import { describeEachEngine } from "../../../support/engines.ts";
import {
  addPlan,
  addPromo,
  countRows,
  DEMO_ORIGIN,
  declineCard,
  listPayments,
  postJson,
  purchase,
  successCard,
  testApps,
} from "../../../support/test-app.ts";

/** A trigger failing every insert of a `membership.created` event, in each engine's dialect. */
const REFUSE_MEMBERSHIP_EVENT = {
  sqlite: [
    `CREATE TRIGGER refuse_membership_event BEFORE INSERT ON webhook_events
     WHEN NEW.type = 'membership.created' BEGIN SELECT RAISE(ABORT, 'disk full'); END`,
  ],
  postgres: [
    `CREATE FUNCTION refuse_membership_event() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF NEW.type = 'membership.created' THEN RAISE EXCEPTION 'disk full'; END IF;
       RETURN NEW;
     END $$`,
    `CREATE TRIGGER refuse_membership_event BEFORE INSERT ON webhook_events
     FOR EACH ROW EXECUTE FUNCTION refuse_membership_event()`,
  ],
};

describeEachEngine("POST /api/v1/payments", (engine) => {
  const createTestApp = testApps(engine);
  it("charges the success card, stores brand + last4 only, and resolves the redirect", async () => {
    const { app, db } = await createTestApp();
    const response = await app.request(
      "/api/v1/payments",
      postJson(purchase({ session_id: DEMO.session })),
    );
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body.payment).toMatchObject({
      status: "succeeded",
      amount: 4900,
      currency: "usd",
      card_brand: "visa",
      card_last4: "4242",
      session_id: DEMO.session,
    });
    expect(body.receipt.id).toMatch(/^r_/);
    // The redirect setting, with the purchase in its query for the page there to confirm.
    const redirect = new URL(body.redirect_url);
    expect(redirect.origin + redirect.pathname).toBe(`${DEMO_ORIGIN}/thank-you.html`);
    expect(Object.fromEntries(redirect.searchParams)).toEqual({
      status: "success",
      receipt_id: body.receipt.id,
      plan_id: DEMO.oneTimePlan,
      session_id: DEMO.session,
    });

    const [row] = await db.query("SELECT * FROM payments WHERE id = ?", [body.payment.id]);
    expect(JSON.stringify(row)).not.toContain("4242424242424242");
    expect(row).toMatchObject({
      metadata: JSON.stringify({ source: "demo", campaign: "full-example" }),
    });
    const [membership] = await db.query("SELECT * FROM memberships WHERE payment_id = ?", [
      body.payment.id,
    ]);
    expect(membership).toMatchObject({ status: "active", plan_id: DEMO.oneTimePlan });
  });

  it("declines the decline card with 402 and a clear message, storing a failed payment", async () => {
    const { app, db } = await createTestApp();
    const response = await app.request(
      "/api/v1/payments",
      postJson(purchase({ card: declineCard })),
    );
    expect(response.status).toBe(402);
    const body = await response.json();
    expect(body.error).toEqual({
      code: "card_declined",
      message: "Your card was declined. Try another card or contact your bank.",
    });
    expect((await listPayments(db)).map((payment) => payment.status)).toEqual(["failed"]);
    expect(await countRows(db, "receipts")).toBe(0);
  });

  it("names the offending field of a malformed body", async () => {
    const { app, db } = await createTestApp();
    const cases: [unknown, string][] = [
      [purchase({ email: "not-an-email" }), "email"],
      [purchase({ plan_id: 42 }), "plan_id"],
      [purchase({ card: { ...successCard, number: "4242 4242 4242 4241" } }), "card.number"],
      [purchase({ card: { ...successCard, exp_month: 13 } }), "card.exp_month"],
      [purchase({ card: { ...successCard, cvc: "12" } }), "card.cvc"],
      [purchase({ session_id: "sess_1" }), "session_id"],
      [purchase({ surprise: true }), "surprise"],
    ];
    for (const [body, field] of cases) {
      const response = await app.request("/api/v1/payments", postJson(body));
      expect(response.status, field).toBe(400);
      const error = (await response.json()).error;
      expect(error.field, JSON.stringify(error)).toBe(field);
      expect(error.message.length).toBeGreaterThan(5);
    }
    const notJson = await app.request("/api/v1/payments", postJson("{oops"));
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.code).toBe("invalid_json");
    expect(await listPayments(db)).toEqual([]);
  });

  it("answers 404 for an unknown plan or session, with no payment written", async () => {
    const { app, db } = await createTestApp();
    const plan = await app.request(
      "/api/v1/payments",
      postJson(purchase({ plan_id: "plan_Missing" })),
    );
    expect(plan.status).toBe(404);
    expect((await plan.json()).error).toMatchObject({ code: "plan_not_found", field: "plan_id" });
    const session = await app.request(
      "/api/v1/payments",
      postJson(purchase({ session_id: "ch_Missing" })),
    );
    expect(session.status).toBe(404);
    expect((await session.json()).error).toMatchObject({
      code: "session_not_found",
      field: "session_id",
    });
    expect(await listPayments(db)).toEqual([]);
  });

  it("replays the stored answer for a repeated Idempotency-Key and refuses a different body", async () => {
    const { app, db } = await createTestApp();
    const headers = { "Idempotency-Key": "attempt-1" };
    const first = await app.request("/api/v1/payments", postJson(purchase(), headers));
    const second = await app.request("/api/v1/payments", postJson(purchase(), headers));
    expect(second.status).toBe(201);
    expect(await second.json()).toEqual(await first.json());
    expect(await listPayments(db)).toHaveLength(1);

    const conflict = await app.request(
      "/api/v1/payments",
      postJson(purchase({ email: "other@example.com" }), headers),
    );
    expect(conflict.status).toBe(409);
    expect((await conflict.json()).error.code).toBe("idempotency_conflict");
    expect(await listPayments(db)).toHaveLength(1);
  });

  it("keeps Idempotency-Keys per company: one key on two companies' plans makes two payments", async () => {
    const { app, store, db } = await createTestApp();
    const other = await store.upsertCompany({
      title: "Other shop",
      redirect_url: null,
      allowed_origins: [],
    });
    const product = await store.upsertProduct({
      company_id: other.id,
      title: "Other product",
      headline: null,
      description: null,
      logo_url: null,
      route: "other-product",
      redirect_url: null,
      terms_url: null,
      visibility: "visible",
    });
    const otherPlan = await addPlan(store, { product_id: product.id, initial_price: 1500 });
    const headers = { "Idempotency-Key": "shared-key" };
    const pay = (body: Record<string, unknown>) =>
      app.request("/api/v1/payments", postJson(body, headers));

    const demo = await pay(purchase());
    const elsewhere = await pay(purchase({ plan_id: otherPlan.id }));
    expect([demo.status, elsewhere.status]).toEqual([201, 201]);
    const [demoPayment, otherPayment] = [
      (await demo.json()).payment,
      (await elsewhere.json()).payment,
    ];
    expect(demoPayment.id).not.toBe(otherPayment.id);
    expect([demoPayment.amount, otherPayment.amount]).toEqual([4900, 1500]);

    // Within each company the key still replays its own answer, and refuses another body.
    expect((await (await pay(purchase())).json()).payment.id).toBe(demoPayment.id);
    const replayed = await pay(purchase({ plan_id: otherPlan.id }));
    expect((await replayed.json()).payment.id).toBe(otherPayment.id);
    const conflict = await pay(purchase({ plan_id: otherPlan.id, email: "other@example.com" }));
    expect(conflict.status).toBe(409);
    expect((await conflict.json()).error).toMatchObject({
      code: "idempotency_conflict",
      field: "Idempotency-Key",
    });
    expect(await listPayments(db)).toHaveLength(2);
    expect(await countRows(db, "idempotency_keys")).toBe(2);
    expect((await store.getStoredResponse(other.id, "shared-key"))?.status_code).toBe(201);
  });

  it("forgets an idempotent answer 24 hours after it, deleting its record", async () => {
    let clock = Date.parse("2030-01-01T00:00:00Z");
    const { app, store, db } = await createTestApp({}, { now: () => clock });
    const pay = (key: string, body = purchase()) =>
      app.request("/api/v1/payments", postJson(body, { "Idempotency-Key": key }));
    expect((await pay("day-1")).status).toBe(201);
    clock += IDEMPOTENCY_TTL_MS - 1;
    // Still within the day: the other body is a conflict, the same one a replay.
    expect((await pay("day-1", purchase({ email: "other@example.com" }))).status).toBe(409);
    expect((await pay("day-1")).status).toBe(201);
    expect(await listPayments(db)).toHaveLength(1);
    expect(await countRows(db, "idempotency_keys")).toBe(1);

    clock += 2;
    // Expired: any keyed request sweeps the record, and the key is a new request again.
    expect((await pay("day-2")).status).toBe(201);
    expect(await store.getStoredResponse(DEMO.company, "day-1")).toBeNull();
    expect(await countRows(db, "idempotency_keys")).toBe(1);
    expect((await pay("day-1")).status).toBe(201);
    expect(await listPayments(db)).toHaveLength(3);
    expect((await store.getStoredResponse(DEMO.company, "day-1"))?.created_at).toBe(
      new Date(clock).toISOString(),
    );
  });

  it("refuses oversized bodies and non-JSON content types", async () => {
    const { app } = await createTestApp();
    const big = await app.request(
      "/api/v1/payments",
      postJson({ ...purchase(), name: "x".repeat(40_000) }),
    );
    expect(big.status).toBe(413);
    const form = await app.request("/api/v1/payments", { method: "POST", body: "a=b" });
    expect(form.status).toBe(415);
  });
});

describeEachEngine("POST /api/v1/payments with promo, country and attribution", (engine) => {
  const createTestApp = testApps(engine);
  it("charges the discounted price and records promo, country, utm and affiliate", async () => {
    const { app, store } = await createTestApp();
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
    expect(await store.getPaymentDetails(body.payment.id)).toMatchObject({
      subtotal: 4900,
      discount: 980,
      promo_code: "LAUNCH20",
      country: "PT",
      utm: { utm_source: "newsletter", utm_campaign: "spring" },
      affiliate_code: "friend-42",
    });
    expect((await store.promos.find(DEMO.company, "LAUNCH20"))?.redemptions).toBe(1);
  });

  it("refuses a bad promo code or country before charging, writing nothing", async () => {
    const { app, db } = await createTestApp();
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
    expect(await countRows(db, "payments")).toBe(0);
  });

  it("lets only as many buyers use a code as it allows", async () => {
    const { app, store, db } = await createTestApp();
    await addPromo(store, { code: "FIRST", max_redemptions: 1 });
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
    expect(await countRows(db, "payments")).toBe(1);
  });

  it("sells limited stock until it runs out", async () => {
    const { app, store } = await createTestApp();
    const plan = await addPlan(store, { unlimited_stock: false, stock: 1 });
    const first = await app.request("/api/v1/payments", postJson(purchase({ plan_id: plan.id })));
    expect(first.status).toBe(201);
    const second = await app.request("/api/v1/payments", postJson(purchase({ plan_id: plan.id })));
    expect(second.status).toBe(422);
    expect((await second.json()).error.code).toBe("sold_out");
    expect((await store.getPlanContext(plan.id))?.plan.stock).toBe(0);
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("queues payment and membership webhooks in the same transaction as the payment", async () => {
    const { app, store, db } = await createTestApp();
    await store.webhooks.addEndpoint({ company_id: DEMO.company, url: "http://127.0.0.1:9/hook" });
    await app.request("/api/v1/payments", postJson(purchase()));
    await app.request("/api/v1/payments", postJson(purchase({ card: declineCard })));
    const types = (await store.webhooks.listDeliveries())
      .map((delivery) => delivery.event_type)
      .sort();
    expect(types).toEqual(["membership.created", "payment.failed", "payment.succeeded"]);

    // When the last event cannot be written, the payment, receipt, membership, stock taken and
    // the first event are all rolled back with it.
    const plan = await addPlan(store, { unlimited_stock: false, stock: 3 });
    const tables = ["payments", "receipts", "memberships", "webhook_events"];
    const counts = () => Promise.all(tables.map((table) => countRows(db, table)));
    const before = await counts();
    // The database itself refuses the last event, as a full disk would.
    for (const statement of REFUSE_MEMBERSHIP_EVENT[engine.name]) await db.query(statement);
    vi.spyOn(console, "error").mockImplementation(() => {});
    const failed = await app.request("/api/v1/payments", postJson(purchase({ plan_id: plan.id })));
    expect(failed.status).toBe(500);
    expect(await counts()).toEqual(before);
    expect((await store.getPlanContext(plan.id))?.plan.stock).toBe(3);
  });
});

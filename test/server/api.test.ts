import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DEMO } from "../../src/server/seed.ts";
import { createTestApp, DEMO_ORIGIN, declineCard, postJson, successCard } from "./helpers.ts";

const purchase = (overrides: Record<string, unknown> = {}) => ({
  plan_id: DEMO.oneTimePlan,
  email: "buyer@example.com",
  card: successCard,
  ...overrides,
});

describe("GET /api/v1/plans/:id", () => {
  it("returns the plan with its product and company, without private settings", async () => {
    const { app } = createTestApp();
    const response = await app.request(`/api/v1/plans/${DEMO.oneTimePlan}`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.plan).toMatchObject({
      id: DEMO.oneTimePlan,
      plan_type: "one_time",
      base_currency: "usd",
      initial_price: 4900,
    });
    expect(body.product).toMatchObject({ id: DEMO.product, title: "Pro Trading Community" });
    expect(body.company).toEqual({ id: DEMO.company, title: "Acme Creators" });
    expect(JSON.stringify(body)).not.toContain("redirect_url");
  });

  it("answers 404 with a JSON error for an unknown plan and 400 for a malformed id", async () => {
    const { app } = createTestApp();
    const missing = await app.request("/api/v1/plans/plan_Nope");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { code: "plan_not_found", message: "No plan plan_Nope exists.", field: "id" },
    });
    const malformed = await app.request("/api/v1/plans/nope");
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.code).toBe("invalid_plan_id");
  });
});

describe("POST /api/v1/payments", () => {
  it("charges the success card, stores brand + last4 only, and resolves the redirect", async () => {
    const { app, store } = createTestApp();
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

    const row = store.db.prepare("SELECT * FROM payments WHERE id = ?").get(body.payment.id);
    expect(JSON.stringify(row)).not.toContain("4242424242424242");
    expect(row).toMatchObject({
      metadata: JSON.stringify({ source: "demo", campaign: "full-example" }),
    });
    const membership = store.db
      .prepare("SELECT * FROM memberships WHERE payment_id = ?")
      .get(body.payment.id);
    expect(membership).toMatchObject({ status: "active", plan_id: DEMO.oneTimePlan });
  });

  it("declines the decline card with 402 and a clear message, storing a failed payment", async () => {
    const { app, store } = createTestApp();
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
    expect(store.listPayments().map((payment) => payment.status)).toEqual(["failed"]);
    expect(store.db.prepare("SELECT COUNT(*) AS n FROM receipts").get()).toEqual({ n: 0 });
  });

  it("names the offending field of a malformed body", async () => {
    const { app, store } = createTestApp();
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
    expect(store.listPayments()).toEqual([]);
  });

  it("answers 404 for an unknown plan or session, with no payment written", async () => {
    const { app, store } = createTestApp();
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
    expect(store.listPayments()).toEqual([]);
  });

  it("replays the stored answer for a repeated Idempotency-Key and refuses a different body", async () => {
    const { app, store } = createTestApp();
    const headers = { "Idempotency-Key": "attempt-1" };
    const first = await app.request("/api/v1/payments", postJson(purchase(), headers));
    const second = await app.request("/api/v1/payments", postJson(purchase(), headers));
    expect(second.status).toBe(201);
    expect(await second.json()).toEqual(await first.json());
    expect(store.listPayments()).toHaveLength(1);

    const conflict = await app.request(
      "/api/v1/payments",
      postJson(purchase({ email: "other@example.com" }), headers),
    );
    expect(conflict.status).toBe(409);
    expect((await conflict.json()).error.code).toBe("idempotency_conflict");
    expect(store.listPayments()).toHaveLength(1);
  });

  it("refuses oversized bodies and non-JSON content types", async () => {
    const { app } = createTestApp();
    const big = await app.request(
      "/api/v1/payments",
      postJson({ ...purchase(), name: "x".repeat(40_000) }),
    );
    expect(big.status).toBe(413);
    const form = await app.request("/api/v1/payments", { method: "POST", body: "a=b" });
    expect(form.status).toBe(415);
  });
});

describe("checkout origin routes", () => {
  it("serves health, and the embed shell with frame-ancestors and a strict CSP", async () => {
    const { app } = createTestApp();
    expect(await (await app.request("/healthz")).json()).toEqual({ status: "ok" });
    const shell = await app.request(`/embed/checkout?planId=${DEMO.oneTimePlan}&theme=dark`);
    const csp = shell.headers.get("content-security-policy") ?? "";
    expect(csp).toContain(`frame-ancestors ${DEMO_ORIGIN}`);
    expect(csp).toContain("script-src 'self'");
    expect(shell.headers.get("x-content-type-options")).toBe("nosniff");
    // `npm test` builds first, so the shell has the app's hashed assets to point at.
    expect(shell.status).toBe(200);
    const html = await shell.text();
    expect(html).toContain('data-theme="dark"');
    expect(html).toContain(
      `<link rel="preload" as="fetch" href="/api/v1/plans/${DEMO.oneTimePlan}"`,
    );
    expect(html).toMatch(/<script type="module" src="\/assets\/main-[\w-]+\.js"><\/script>/);
  });

  it("serves the versioned loader and a manifest whose SRI hash matches it", async () => {
    const { app } = createTestApp();
    const loader = await app.request("/v1/loader.js");
    expect(loader.status).toBe(200);
    expect(loader.headers.get("access-control-allow-origin")).toBe("*");
    const body = Buffer.from(await loader.arrayBuffer());
    const manifest = await (await app.request("/v1/manifest.json")).json();
    const integrity = `sha384-${createHash("sha384").update(body).digest("base64")}`;
    expect(manifest["loader.js"]).toEqual({ path: "/v1/loader.js", integrity });
  });

  it("answers unknown API routes with a JSON 404", async () => {
    const { app } = createTestApp();
    const response = await app.request("/api/v1/nothing");
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe("not_found");
  });
});

import { describe, expect, it } from "vitest";
import { createApiKey, saveCompany } from "../../src/server/catalog.ts";
import { DEMO } from "../../src/server/seed.ts";
import { createTestApp, declineCard, postJson, successCard } from "./helpers.ts";

/** A test app with an API key for the demo company and one for a stranger company. */
function setup(limits: Parameters<typeof createTestApp>[0] = {}) {
  const { app, store } = createTestApp(limits);
  const { key } = createApiKey(store, DEMO.company, "test");
  const stranger = saveCompany(store, { title: "Someone Else" });
  const { key: strangerKey } = createApiKey(store, stranger.id, "theirs");
  const call = (method: string, path: string, body?: unknown, apiKey = key) =>
    app.request(`/api/v1${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${apiKey}`,
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return { app, store, key, strangerKey, stranger, call };
}

describe("server API authentication", () => {
  it("answers 401 without a key, with a malformed or unknown key, and with a revoked key", async () => {
    const { app, store, call } = setup();
    const none = await app.request("/api/v1/payments");
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe("Bearer");
    expect((await none.json()).error).toMatchObject({
      code: "missing_api_key",
      field: "Authorization",
    });
    const basic = await app.request("/api/v1/payments", {
      headers: { Authorization: "Basic abc" },
    });
    expect((await basic.json()).error.code).toBe("invalid_api_key");
    expect((await call("GET", "/payments", undefined, "sk_test_nope")).status).toBe(401);

    const { key, record } = createApiKey(store, DEMO.company, "old");
    expect((await call("GET", "/payments", undefined, key)).status).toBe(200);
    store.apiKeys.revoke(record.id);
    expect((await call("GET", "/payments", undefined, key)).status).toBe(401);
  });

  it("stores only a hash of each key", () => {
    const { store, key } = setup();
    const rows = JSON.stringify(store.db.prepare("SELECT * FROM api_keys").all());
    expect(rows).not.toContain(key);
    expect(rows).toContain(key.slice(0, 12));
  });
});

describe("server API checkout sessions", () => {
  it("creates a session with metadata and a redirect URL that the payment then carries", async () => {
    const { app, call } = setup();
    const created = await call("POST", "/checkout_sessions", {
      plan_id: DEMO.oneTimePlan,
      metadata: { order: "A-1", quantity: 2, gift: true },
      redirect_url: "https://shop.example/done",
      expires_in: 3600,
    });
    expect(created.status).toBe(201);
    const { session } = await created.json();
    expect(session).toMatchObject({
      plan_id: DEMO.oneTimePlan,
      metadata: { order: "A-1", quantity: 2, gift: true },
      redirect_url: "https://shop.example/done",
    });
    expect(session.id).toMatch(/^ch_/);
    const expiresIn = Date.parse(session.expires_at) - Date.now();
    expect(expiresIn).toBeGreaterThan(3500_000);
    expect(expiresIn).toBeLessThanOrEqual(3600_000);

    const full = await call("GET", `/checkout_sessions/${session.id}`);
    expect((await full.json()).session).toEqual(session);
    const publicView = await app.request(`/api/v1/checkout_sessions/${session.id}`);
    expect(Object.keys((await publicView.json()).session).sort()).toEqual([
      "expires_at",
      "id",
      "plan_id",
    ]);

    const paid = await app.request(
      "/api/v1/payments",
      postJson({
        plan_id: DEMO.oneTimePlan,
        session_id: session.id,
        email: "a@b.co",
        card: successCard,
      }),
    );
    const result = await paid.json();
    expect(result.redirect_url).toBe(
      `https://shop.example/done?status=success&receipt_id=${result.receipt.id}&plan_id=${DEMO.oneTimePlan}&session_id=${session.id}`,
    );
    const payment = await call("GET", `/payments/${result.payment.id}`);
    expect((await payment.json()).payment.metadata).toEqual({
      order: "A-1",
      quantity: 2,
      gift: true,
    });
  });

  it("names bad fields and refuses another company's plan or session", async () => {
    const { call, strangerKey } = setup();
    const cases: [unknown, string][] = [
      [{ plan_id: "nope" }, "plan_id"],
      [{ plan_id: DEMO.oneTimePlan, metadata: { a: { nested: 1 } } }, "metadata.a"],
      [{ plan_id: DEMO.oneTimePlan, redirect_url: "javascript:alert(1)" }, "redirect_url"],
      [{ plan_id: DEMO.oneTimePlan, expires_in: 5 }, "expires_in"],
    ];
    for (const [body, field] of cases) {
      const response = await call("POST", "/checkout_sessions", body);
      expect(response.status, field).toBe(400);
      expect((await response.json()).error.field).toBe(field);
    }
    expect((await call("POST", "/checkout_sessions", { plan_id: "plan_Missing" })).status).toBe(
      404,
    );
    const theirs = await call(
      "POST",
      "/checkout_sessions",
      { plan_id: DEMO.oneTimePlan },
      strangerKey,
    );
    expect(theirs.status).toBe(403);
    expect((await theirs.json()).error.code).toBe("forbidden");
    const read = await call("GET", `/checkout_sessions/${DEMO.session}`, undefined, strangerKey);
    expect(read.status).toBe(403);
  });
});

describe("server API payments, receipts and memberships", () => {
  it("lists and reads the company's payments, receipts and memberships", async () => {
    const { app, call, strangerKey } = setup();
    const buy = (card: typeof successCard, email: string) =>
      app.request("/api/v1/payments", postJson({ plan_id: DEMO.monthlyPlan, email, card }));
    const ok = await (await buy(successCard, "one@example.com")).json();
    await buy(declineCard, "two@example.com");

    const all = await (await call("GET", "/payments")).json();
    expect(all.payments.map((p: { status: string }) => p.status).sort()).toEqual([
      "failed",
      "succeeded",
    ]);
    const failed = await (await call("GET", "/payments?status=failed")).json();
    expect(failed.payments).toHaveLength(1);
    expect(failed.payments[0]).toMatchObject({
      failure_code: "card_declined",
      email: "two@example.com",
    });
    const limited = await (await call("GET", "/payments?limit=1")).json();
    expect(limited.payments).toHaveLength(1);
    expect((await call("GET", "/payments?limit=0")).status).toBe(400);
    expect((await call("GET", "/payments?status=weird")).status).toBe(400);

    const receipt = await call("GET", `/receipts/${ok.receipt.id}`);
    expect(receipt.status).toBe(200);
    expect((await receipt.json()).receipt).toEqual(ok.receipt);
    expect((await call("GET", "/receipts/r_Missing")).status).toBe(404);
    expect((await call("GET", `/receipts/${ok.receipt.id}`, undefined, strangerKey)).status).toBe(
      403,
    );
    expect((await call("GET", `/payments/${ok.payment.id}`, undefined, strangerKey)).status).toBe(
      403,
    );
    expect((await call("GET", "/payments/pay_Missing")).status).toBe(404);
    expect(
      (await (await call("GET", "/payments", undefined, strangerKey)).json()).payments,
    ).toEqual([]);

    const memberships = await (
      await call("GET", `/memberships?plan_id=${DEMO.monthlyPlan}`)
    ).json();
    expect(memberships.memberships).toHaveLength(1);
    expect(memberships.memberships[0]).toMatchObject({
      payment_id: ok.payment.id,
      email: "one@example.com",
      status: "active",
    });
    expect(memberships.memberships[0].renews_at).not.toBeNull();
    const byEmail = await (await call("GET", "/memberships?email=nobody@example.com")).json();
    expect(byEmail.memberships).toEqual([]);
  });
});

describe("server API catalog and settings", () => {
  it("creates and updates products and plans, and sets redirect URL and allowed origins", async () => {
    const { app, call, strangerKey } = setup();
    const product = await call("POST", "/products", {
      title: "Course",
      route: "course",
      redirect_url: "https://shop.example/course-done",
    });
    expect(product.status).toBe(201);
    const { product: created } = await product.json();
    expect(created.id).toMatch(/^prod_/);
    expect(created.company_id).toBe(DEMO.company);

    const plan = await call("POST", "/plans", {
      product_id: created.id,
      plan_type: "renewal",
      base_currency: "EUR",
      initial_price: 1500,
      renewal_price: 1500,
      billing_period: 30,
    });
    expect(plan.status).toBe(201);
    const { plan: createdPlan } = await plan.json();
    expect(createdPlan).toMatchObject({ base_currency: "eur", unlimited_stock: true });
    const view = await app.request(`/api/v1/plans/${createdPlan.id}`);
    expect((await view.json()).product.title).toBe("Course");

    const patched = await call("PATCH", `/plans/${createdPlan.id}`, { initial_price: 999 });
    expect((await patched.json()).plan.initial_price).toBe(999);
    const renamed = await call("PATCH", `/products/${created.id}`, { title: "Course 2" });
    expect((await renamed.json()).product).toMatchObject({ title: "Course 2", route: "course" });

    const company = await call("PATCH", "/company", {
      redirect_url: "https://shop.example/thanks",
      allowed_origins: ["https://shop.example"],
    });
    expect((await company.json()).company).toMatchObject({
      id: DEMO.company,
      redirect_url: "https://shop.example/thanks",
      allowed_origins: ["https://shop.example"],
    });
    const shell = await app.request(`/embed/checkout?planId=${DEMO.oneTimePlan}`);
    expect(shell.headers.get("content-security-policy")).toContain(
      "frame-ancestors https://shop.example",
    );
    const listed = await (await call("GET", "/plans")).json();
    expect(listed.plans.map((p: { id: string }) => p.id)).toContain(createdPlan.id);
    expect((await (await call("GET", "/products")).json()).products).toHaveLength(2);

    expect(
      (await call("PATCH", `/plans/${createdPlan.id}`, { initial_price: 1 }, strangerKey)).status,
    ).toBe(403);
    expect((await call("GET", `/products/${created.id}`, undefined, strangerKey)).status).toBe(403);
    expect((await call("GET", "/products/prod_Missing")).status).toBe(404);
  });

  it("names the bad field of catalog input", async () => {
    const { call } = setup();
    const cases: [string, string, unknown, string][] = [
      ["PATCH", "/company", { allowed_origins: ["not an origin"] }, "allowed_origins.0"],
      ["PATCH", "/company", { redirect_url: "ftp://x.example" }, "redirect_url"],
      ["PATCH", "/company", { surprise: 1 }, "surprise"],
      ["POST", "/products", { title: "X", route: "Bad Route" }, "route"],
      ["POST", "/products", { title: "", route: "ok" }, "title"],
      [
        "POST",
        "/plans",
        { product_id: DEMO.product, plan_type: "renewal", base_currency: "usd", initial_price: 5 },
        "billing_period",
      ],
      [
        "POST",
        "/plans",
        {
          product_id: DEMO.product,
          plan_type: "one_time",
          base_currency: "usd",
          initial_price: -1,
        },
        "initial_price",
      ],
      ["POST", "/promo_codes", { code: "X", percent_off: 10, amount_off: 5 }, "percent_off"],
      ["POST", "/promo_codes", { code: "X", amount_off: 5 }, "currency"],
      ["POST", "/promo_codes", { code: "X", percent_off: 101 }, "percent_off"],
      ["POST", "/webhook_endpoints", { url: "not a url" }, "url"],
      ["POST", "/webhook_endpoints", { url: "https://x.example", events: ["nope"] }, "events.0"],
    ];
    for (const [method, path, body, field] of cases) {
      const response = await call(method, path, body);
      expect(response.status, `${path} ${field}`).toBe(400);
      expect((await response.json()).error.field, `${path} ${field}`).toBe(field);
    }
    const taken = await call("POST", "/products", { title: "Dup", route: "pro-trading" });
    expect(taken.status).toBe(409);
    expect((await taken.json()).error.code).toBe("route_taken");
  });

  it("creates promo codes and webhook endpoints (with their signing secret)", async () => {
    const { app, call } = setup();
    const promo = await call("POST", "/promo_codes", {
      code: "vip5",
      amount_off: 500,
      currency: "usd",
      plan_ids: [DEMO.oneTimePlan],
      max_redemptions: 3,
    });
    expect(promo.status).toBe(201);
    expect((await promo.json()).promo_code).toMatchObject({ code: "VIP5", redemptions: 0 });
    const quote = await app.request(
      `/api/v1/plans/${DEMO.oneTimePlan}/quote`,
      postJson({ promo_code: "vip5" }),
    );
    expect((await quote.json()).total).toBe(4400);
    const strangerPlan = await call("POST", "/promo_codes", {
      code: "Y",
      percent_off: 5,
      plan_ids: ["plan_Missing"],
    });
    expect(strangerPlan.status).toBe(404);

    const endpoint = await call("POST", "/webhook_endpoints", {
      url: "https://hooks.example/in",
      events: ["payment.succeeded"],
    });
    expect(endpoint.status).toBe(201);
    expect((await endpoint.json()).webhook_endpoint.secret).toMatch(/^whsec_/);
    const codes = await (await call("GET", "/promo_codes")).json();
    expect(codes.promo_codes.map((p: { code: string }) => p.code)).toContain("VIP5");
  });
});

describe("rate limiting", () => {
  it("limits failed payment attempts per client with 429 and Retry-After", async () => {
    const { app, store } = setup({
      paymentFailuresPerIp: { limit: 3, windowMs: 60_000 },
    });
    const decline = () =>
      app.request(
        "/api/v1/payments",
        postJson({ plan_id: DEMO.oneTimePlan, email: "a@b.co", card: declineCard }),
      );
    for (let i = 0; i < 3; i++) expect((await decline()).status).toBe(402);
    const limited = await decline();
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await limited.json()).error).toMatchObject({ code: "rate_limited" });
    expect(store.listPayments()).toHaveLength(3);
  });

  it("limits failed payment attempts per plan, and leaves other plans alone", async () => {
    const { app } = setup({ paymentFailuresPerPlan: { limit: 2, windowMs: 60_000 } });
    const decline = (planId: string) =>
      app.request(
        "/api/v1/payments",
        postJson({ plan_id: planId, email: "a@b.co", card: declineCard }),
      );
    await decline(DEMO.oneTimePlan);
    await decline(DEMO.oneTimePlan);
    expect((await decline(DEMO.oneTimePlan)).status).toBe(429);
    expect((await decline(DEMO.monthlyPlan)).status).toBe(402);
  });

  it("does not count successful payments", async () => {
    const { app } = setup({ paymentFailuresPerIp: { limit: 1, windowMs: 60_000 } });
    for (let i = 0; i < 3; i++) {
      const paid = await app.request(
        "/api/v1/payments",
        postJson({ plan_id: DEMO.oneTimePlan, email: "a@b.co", card: successCard }),
      );
      expect(paid.status).toBe(201);
    }
  });

  it("limits promo code guesses per client", async () => {
    const { app } = setup({ quoteFailuresPerIp: { limit: 2, windowMs: 60_000 } });
    const guess = (code: string) =>
      app.request(`/api/v1/plans/${DEMO.oneTimePlan}/quote`, postJson({ promo_code: code }));
    expect((await guess("GUESS1")).status).toBe(404);
    expect((await guess("LAUNCH20")).status).toBe(200);
    expect((await guess("GUESS2")).status).toBe(404);
    const limited = await guess("GUESS3");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  it("limits server API requests per key", async () => {
    const { call, strangerKey } = setup({ apiRequestsPerKey: { limit: 2, windowMs: 60_000 } });
    expect((await call("GET", "/payments")).status).toBe(200);
    expect((await call("GET", "/payments")).status).toBe(200);
    const limited = await call("GET", "/payments");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await call("GET", "/payments", undefined, strangerKey)).status).toBe(200);
  });
});

describe("security headers", () => {
  it("sends nosniff, a referrer policy and no-framing headers on API answers", async () => {
    const { app } = setup();
    const response = await app.request(`/api/v1/plans/${DEMO.oneTimePlan}`);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(response.headers.get("cross-origin-resource-policy")).toBe("same-origin");
  });
});

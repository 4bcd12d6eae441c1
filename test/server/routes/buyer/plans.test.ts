import { expect, it } from "vitest";
import { PLAN_VIEW_TTL_MS } from "../../../../src/server/routes/buyer/plan-views.ts";
import { DEMO } from "../../../../src/server/seed.ts";
import { describeEachEngine } from "../../../support/engines.ts";
import { addPlan, addPromo, postJson, purchase, testApps } from "../../../support/test-app.ts";

describeEachEngine("GET /api/v1/plans/:id", (engine) => {
  const createTestApp = testApps(engine);
  it("returns the plan with its product and company, without private settings", async () => {
    const { app } = await createTestApp();
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
    const { app } = await createTestApp();
    const missing = await app.request("/api/v1/plans/plan_Nope");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: {
        code: "plan_not_found",
        message: "No plan plan_Nope exists.",
        field: "id",
        request_id: missing.headers.get("x-request-id"),
      },
    });
    const malformed = await app.request("/api/v1/plans/nope");
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.code).toBe("invalid_plan_id");
  });
});

describeEachEngine("GET /api/v1/plans/:id caching", (engine) => {
  const createTestApp = testApps(engine);
  const path = `/api/v1/plans/${DEMO.oneTimePlan}`;

  it("lets browsers and CDNs keep the answer if they revalidate: an ETag, then 304", async () => {
    const { app } = await createTestApp();
    const first = await app.request(path);
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    expect(first.headers.get("cache-control")).toBe("public, no-cache");
    expect(first.headers.get("content-type")).toMatch(/^application\/json/);
    for (const header of [etag, `W/${etag}`, `"other", ${etag}`, "*"]) {
      const again = await app.request(path, { headers: { "If-None-Match": header } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe("");
      expect(again.headers.get("etag")).toBe(etag);
      expect(again.headers.get("content-type")).toMatch(/^application\/json/);
    }
    const stale = await app.request(path, { headers: { "If-None-Match": '"other"' } });
    expect(stale.status).toBe(200);
    expect((await stale.json()).plan.id).toBe(DEMO.oneTimePlan);
  });

  it("shows a change made through the API at once, and one made elsewhere within the TTL", async () => {
    let clock = Date.parse("2026-11-30T12:00:00Z");
    const { app, store } = await createTestApp({}, { now: () => clock });
    const plan = await addPlan(store, { unlimited_stock: false, stock: 5 });
    const read = async () => (await app.request(`/api/v1/plans/${plan.id}`)).json();
    expect((await read()).plan).toMatchObject({ initial_price: 1000, stock: 5 });
    // Another instance (or the CLI) changes the plan: this one still answers from memory...
    await store.upsertPlan({ ...plan, initial_price: 5100 });
    expect((await read()).plan.initial_price).toBe(1000);
    // ...until the answer's time is up.
    clock += PLAN_VIEW_TTL_MS;
    expect((await read()).plan.initial_price).toBe(5100);
    // A write through this instance (a purchase takes stock) is seen by the next read.
    const paid = await app.request(
      "/api/v1/payments",
      postJson(purchase({ plan_id: plan.id }), { "Idempotency-Key": "cache-test" }),
    );
    expect(paid.status).toBe(201);
    expect((await read()).plan.stock).toBe(4);
  });
});

describeEachEngine("POST /api/v1/plans/:id/quote", (engine) => {
  const createTestApp = testApps(engine);
  it("prices a plan without a promo code", async () => {
    const { app } = await createTestApp();
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
    const { app } = await createTestApp();
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
    const { app, store } = await createTestApp();
    const cheap = await addPlan(store, { initial_price: 500 });
    const trial = await addPlan(store, {
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
    const { app, store } = await createTestApp();
    const other = await addPlan(store);
    const euro = await addPlan(store, { base_currency: "eur" });
    await addPromo(store, { code: "ONLYOTHER", plan_ids: [other.id] });
    const usedUp = await addPromo(store, { code: "ONCE", max_redemptions: 1 });
    expect(await store.promos.redeem(usedUp.id)).toBe(true);

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
    const { app } = await createTestApp();
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

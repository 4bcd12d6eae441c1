import { describe, expect, it } from "vitest";
import { createApiKey, saveCompany } from "../../../src/server/catalog.ts";
import { DEMO } from "../../../src/server/seed.ts";
import { createTestApp, declineCard, postJson, successCard } from "../../support/test-app.ts";

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

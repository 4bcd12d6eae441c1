import type { Hono } from "hono";
import { afterEach, expect, it } from "vitest";
import { DEMO, seedDemo } from "../../../src/server/seed.ts";
import { describeEachEngine, describePostgres } from "../../support/engines.ts";
import {
  createCheckoutAppFor,
  DEMO_ORIGIN,
  declineCard,
  listPayments,
  merchantApps,
  postJson,
  successCard,
} from "../../support/test-app.ts";

/** How long a slowed plan's payments wait in these tests. */
const SLOW = 400;

/** A payment from `address`, given to the app the way the Node server passes the socket. */
const pay = (
  app: Hono,
  address: string,
  card: typeof successCard,
  planId: string = DEMO.oneTimePlan,
) =>
  app.request("/api/v1/payments", postJson({ plan_id: planId, email: "a@b.co", card }), {
    incoming: { socket: { remoteAddress: address, remoteFamily: "IPv4" } },
  });

describeEachEngine("rate limiting", (engine) => {
  const setup = merchantApps(engine);
  it("limits failed payment attempts per client with 429 and Retry-After", async () => {
    const { app, db } = await setup({
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
    expect(await listPayments(db)).toHaveLength(3);
  });

  it("keys the failure limit on the client address: one address is refused, the next is not", async () => {
    const { app } = await setup({ paymentFailuresPerIp: { limit: 3, windowMs: 60_000 } });
    const decline = (address: string) => pay(app, address, declineCard);
    for (let i = 0; i < 3; i++) expect((await decline("10.0.0.1")).status).toBe(402);
    expect((await decline("10.0.0.1")).status).toBe(429);
    expect((await decline("10.0.0.2")).status).toBe(402);
    expect((await pay(app, "10.0.0.3", successCard)).status).toBe(201);
    expect((await pay(app, "10.0.0.1", successCard)).status).toBe(429);
  });

  it("does not let invalid requests naming a plan, from many addresses, stop its buyers", async () => {
    const { app } = await setup({
      paymentFailuresPerIp: { limit: 30, windowMs: 60_000 },
      paymentFailuresPerPlan: { limit: 3, windowMs: 60_000, delayMs: SLOW },
    });
    for (let client = 1; client <= 11; client++) {
      const answers = await Promise.all(
        Array.from({ length: 30 }, () =>
          pay(app, `10.0.1.${client}`, { ...successCard, cvc: "x" }),
        ),
      );
      expect(answers.every((answer) => answer.status === 400)).toBe(true);
    }
    const started = Date.now();
    expect((await pay(app, "10.0.2.1", successCard)).status).toBe(201);
    expect(Date.now() - started).toBeLessThan(SLOW);
  });

  it("slows a plan after declines from many addresses, and never refuses its good buyers", async () => {
    const { app } = await setup({
      paymentFailuresPerIp: { limit: 2, windowMs: 60_000 },
      paymentFailuresPerPlan: { limit: 3, windowMs: 60_000, delayMs: SLOW },
    });
    for (let client = 1; client <= 5; client++) {
      expect((await pay(app, `10.0.3.${client}`, declineCard)).status).toBe(402);
    }
    let started = Date.now();
    expect((await pay(app, "10.0.4.1", successCard)).status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(SLOW - 10);
    started = Date.now();
    expect((await pay(app, "10.0.4.1", successCard, DEMO.monthlyPlan)).status).toBe(201);
    expect(Date.now() - started).toBeLessThan(SLOW);
  });

  it("does not count successful payments", async () => {
    const { app } = await setup({ paymentFailuresPerIp: { limit: 1, windowMs: 60_000 } });
    for (let i = 0; i < 3; i++) {
      const paid = await app.request(
        "/api/v1/payments",
        postJson({ plan_id: DEMO.oneTimePlan, email: "a@b.co", card: successCard }),
      );
      expect(paid.status).toBe(201);
    }
  });

  it("limits promo code guesses per client", async () => {
    const { app } = await setup({ quoteFailuresPerIp: { limit: 2, windowMs: 60_000 } });
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
    const { call, strangerKey } = await setup({
      apiRequestsPerKey: { limit: 2, windowMs: 60_000 },
    });
    expect((await call("GET", "/payments")).status).toBe(200);
    expect((await call("GET", "/payments")).status).toBe(200);
    const limited = await call("GET", "/payments");
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toMatch(/^\d+$/);
    expect((await call("GET", "/payments", undefined, strangerKey)).status).toBe(200);
  });
});

describePostgres("rate limiting across instances", (engine) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it("reaches a per-IP limit of N after N failures in total across two instances", async () => {
    const { target, drop } = await engine.fresh();
    cleanups.push(drop);
    // Two instances: each its own store, pool and app, on one database.
    const [first, second] = [await engine.attach(target), await engine.attach(target)];
    cleanups.push(first.close, second.close);
    await seedDemo(first.store, DEMO_ORIGIN);
    const limits = { paymentFailuresPerIp: { limit: 6, windowMs: 60_000 } };
    const apps = [
      createCheckoutAppFor(first.store, limits),
      createCheckoutAppFor(second.store, limits),
    ];
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => pay(apps[i % 2]!, "10.0.5.1", declineCard)),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(6).fill(402));
    for (const app of apps) {
      const limited = await pay(app, "10.0.5.1", declineCard);
      expect(limited.status).toBe(429);
      expect((await limited.json()).error).toMatchObject({ code: "rate_limited" });
    }
    expect((await pay(apps[1]!, "10.0.5.2", declineCard)).status).toBe(402);
  });
});

import { createCheckoutApp } from "../../src/server/app.ts";
import type { RateLimits } from "../../src/server/http/rate-limit.ts";
import { DEMO, seedDemo } from "../../src/server/seed.ts";
import { openDatabase } from "../../src/server/store/database.ts";
import type { NewPromo } from "../../src/server/store/promos.ts";
import { type PlanRecord, SqliteStore, type Store } from "../../src/server/store/store.ts";

export const DEMO_ORIGIN = "http://localhost:4000";

/** In-process requests share one client address, so tests lift the limits they don't test. */
export const GENEROUS_LIMITS: RateLimits = {
  paymentFailuresPerIp: { limit: 100_000, windowMs: 60_000 },
  paymentFailuresPerPlan: { limit: 100_000, windowMs: 60_000 },
  apiRequestsPerKey: { limit: 100_000, windowMs: 60_000 },
  quoteFailuresPerIp: { limit: 100_000, windowMs: 60_000 },
};

/** A checkout app over a fresh in-memory database with the demo catalog. */
export function createTestApp(rateLimits: Partial<RateLimits> = {}) {
  const store = new SqliteStore(openDatabase(":memory:"));
  seedDemo(store, DEMO_ORIGIN);
  const app = createCheckoutApp({
    store,
    distDir: "dist",
    defaultFrameAncestors: [DEMO_ORIGIN],
    rateLimits: { ...GENEROUS_LIMITS, ...rateLimits },
  });
  return { app, store };
}

export const postJson = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "Content-Type": "application/json", ...headers },
  body: typeof body === "string" ? body : JSON.stringify(body),
});

export const successCard = {
  number: "4242 4242 4242 4242",
  exp_month: 12,
  exp_year: 2034,
  cvc: "123",
};
export const declineCard = { ...successCard, number: "4000000000000002" };

export const challengeCard = { ...successCard, number: "4000 0000 0000 3220" };

/** Adds a plan to the demo product; fields default to a $10 one-time buy-now plan. */
export function addPlan(store: Store, overrides: Partial<PlanRecord> = {}): PlanRecord {
  return store.upsertPlan({
    product_id: DEMO.product,
    plan_type: "one_time",
    release_method: "buy_now",
    visibility: "visible",
    base_currency: "usd",
    initial_price: 1000,
    renewal_price: 0,
    billing_period: null,
    trial_period_days: null,
    expiration_days: null,
    unlimited_stock: true,
    stock: 0,
    description: null,
    custom_fields: [],
    ...overrides,
  });
}

/** Adds a promo code to the demo company; defaults to 10% off every plan. */
export function addPromo(store: Store, overrides: Partial<NewPromo> = {}) {
  return store.promos.upsert({
    company_id: DEMO.company,
    code: "TEST10",
    percent_off: 10,
    amount_off: null,
    currency: null,
    plan_ids: [],
    expires_at: null,
    max_redemptions: null,
    ...overrides,
  });
}

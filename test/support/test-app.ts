import type Database from "better-sqlite3";
import { createCheckoutApp } from "../../src/server/app.ts";
import type { RateLimits } from "../../src/server/http/rate-limit.ts";
import { DEMO, seedDemo } from "../../src/server/seed.ts";
import { openDatabase } from "../../src/server/store/database.ts";
import type { Store } from "../../src/server/store/interface.ts";
import type { NewPromo } from "../../src/server/store/promos.ts";
import type { PlanRecord } from "../../src/server/store/records.ts";
import { SqliteStore } from "../../src/server/store/sqlite.ts";
import { planFields } from "./plans.ts";

export const DEMO_ORIGIN = "http://localhost:4000";

/** In-process requests share one client address, so tests lift the limits they don't test. */
export const GENEROUS_LIMITS: RateLimits = {
  paymentFailuresPerIp: { limit: 100_000, windowMs: 60_000 },
  paymentFailuresPerPlan: { limit: 100_000, windowMs: 60_000 },
  apiRequestsPerKey: { limit: 100_000, windowMs: 60_000 },
  quoteFailuresPerIp: { limit: 100_000, windowMs: 60_000 },
};

/** The fixed server secret of in-process test apps. */
export const TEST_SERVER_SECRET = Buffer.alloc(32, 0x5e);

/**
 * A checkout app over a fresh in-memory database with the demo catalog. `now` replaces the
 * clock of expiring records; `databasePath` keeps the database in a file instead.
 */
export function createTestApp(
  rateLimits: Partial<RateLimits> = {},
  options: { now?: () => number; databasePath?: string } = {},
) {
  const store = new SqliteStore(openDatabase(options.databasePath ?? ":memory:"));
  seedDemo(store, DEMO_ORIGIN);
  const app = createCheckoutApp({
    store,
    distDir: "dist",
    defaultFrameAncestors: [DEMO_ORIGIN],
    rateLimits: { ...GENEROUS_LIMITS, ...rateLimits },
    serverSecret: TEST_SERVER_SECRET,
    now: options.now,
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

/** Adds a plan to the demo product (see `planFields`). */
export const addPlan = (store: Store, overrides: Partial<PlanRecord> = {}): PlanRecord =>
  store.upsertPlan(planFields(overrides));

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

/** A payment body for the demo's one-time plan, paid with the success card. */
export const purchase = (overrides: Record<string, unknown> = {}) => ({
  plan_id: DEMO.oneTimePlan,
  email: "buyer@example.com",
  card: successCard,
  ...overrides,
});

/** How many rows `table` holds. */
export const countRows = (store: { db: Database.Database }, table: string) =>
  (store.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

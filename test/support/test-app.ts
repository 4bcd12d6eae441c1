import { createCheckoutApp } from "../../src/server/app.ts";
import { createApiKey, saveCompany } from "../../src/server/catalog.ts";
import type { PublicAnswers } from "../../src/server/http/public-answers.ts";
import type { RateLimits } from "../../src/server/http/rate-limit.ts";
import { type Logger, silentLog } from "../../src/server/log.ts";
import { DEMO, seedDemo } from "../../src/server/seed.ts";
import type { Store } from "../../src/server/store/interface.ts";
import { openStore } from "../../src/server/store/open.ts";
import type { NewPromo, PlanRecord } from "../../src/server/store/records.ts";
import { type Engine, freshDatabases, type TestDatabase } from "./engines.ts";
import { planFields } from "./plans.ts";

export const DEMO_ORIGIN = "http://localhost:4000";

/** In-process requests share one client address, so tests lift the limits they don't test. */
export const GENEROUS_LIMITS: RateLimits = {
  paymentFailuresPerIp: { limit: 100_000, windowMs: 60_000 },
  paymentFailuresPerPlan: { limit: 100_000, windowMs: 60_000, delayMs: 0 },
  apiRequestsPerKey: { limit: 100_000, windowMs: 60_000 },
  quoteFailuresPerIp: { limit: 100_000, windowMs: 60_000 },
};

/** The fixed server secret of in-process test apps. */
export const TEST_SERVER_SECRET = Buffer.alloc(32, 0x5e);

/** Settings of the app that some tests change; `now` replaces the clock of expiring records. */
interface AppOptions {
  allowPrivateWebhookTargets?: boolean;
  logger?: Logger;
  now?: () => number;
  /** Whether a mail server sends receipts (receipts are kept unsent otherwise). */
  emailsReceipts?: boolean;
  /** Where answers marked public are kept (see public-answers.ts); none by default. */
  publicAnswers?: PublicAnswers;
}

/** A checkout app over `store`, serving dist/, with the limits tests don't test lifted. */
export const createCheckoutAppFor = (
  store: Store,
  rateLimits: Partial<RateLimits> = {},
  options: AppOptions = {},
) =>
  createCheckoutApp({
    store,
    distDir: "dist",
    defaultFrameAncestors: [DEMO_ORIGIN],
    rateLimits: { ...GENEROUS_LIMITS, ...rateLimits },
    logger: silentLog,
    serverSecret: TEST_SERVER_SECRET,
    ...options,
  });

/**
 * A checkout app over a fresh SQLite store with the demo catalog, for tests of HTTP behaviour
 * that no engine changes (headers, validation, framing). The store is in memory unless
 * `databasePath` names a file.
 */
export async function createTestApp(
  rateLimits: Partial<RateLimits> = {},
  { databasePath = ":memory:", ...options }: AppOptions & { databasePath?: string } = {},
) {
  const store = await openStore(databasePath);
  await seedDemo(store, DEMO_ORIGIN);
  return { app: createCheckoutAppFor(store, rateLimits, options), store };
}

/**
 * For the tests of one `describeEachEngine` block: a function making a checkout app over a
 * fresh database of `engine` with the demo catalog. Each database is dropped after its test.
 */
export function testApps(engine: Engine) {
  const fresh = freshDatabases(engine);
  return async (rateLimits: Partial<RateLimits> = {}, options: AppOptions = {}) => {
    const db = await fresh();
    const { store } = db;
    await seedDemo(store, DEMO_ORIGIN);
    return { app: createCheckoutAppFor(store, rateLimits, options), store, db };
  };
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
export const addPlan = (store: Store, overrides: Partial<PlanRecord> = {}): Promise<PlanRecord> =>
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

/**
 * A payment to a running server at `origin` under Idempotency-Key `key`: `purchase()` by
 * `<key>@example.com`, with `body`'s fields on top.
 */
export const payAt = (
  origin: string,
  key: string,
  body: Record<string, unknown> = {},
  signal?: AbortSignal,
) =>
  fetch(`${origin}/api/v1/payments`, {
    ...postJson(purchase({ email: `${key}@example.com`, ...body }), { "Idempotency-Key": key }),
    signal,
  });

/** Every payment, oldest first. */
export const listPayments = async (db: TestDatabase) =>
  (await db.query(`SELECT id, status FROM payments ORDER BY created_at, ${db.insertionOrder}`)) as {
    id: string;
    status: string;
  }[];

/** How many rows `table` holds (a literal: table names cannot be bound parameters). */
export const countRows = async (db: TestDatabase, table: string) =>
  Number((await db.query(`SELECT COUNT(*) AS n FROM ${table}`))[0]!.n);

/**
 * Like `testApps`, with API keys: each app comes with a key of the demo company, a stranger
 * company with its own key, and `call`, a request to the server API with the demo key.
 */
export function merchantApps(engine: Engine) {
  const createTestApp = testApps(engine);
  return async (limits: Partial<RateLimits> = {}, options: AppOptions = {}) => {
    const { app, store, db } = await createTestApp(limits, options);
    const { key } = await createApiKey(store, DEMO.company, "test");
    const stranger = await saveCompany(store, { title: "Someone Else" });
    const { key: strangerKey } = await createApiKey(store, stranger.id, "theirs");
    const call = (method: string, path: string, body?: unknown, apiKey = key) =>
      app.request(`/api/v1${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${apiKey}`,
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    return { app, store, db, key, strangerKey, stranger, call };
  };
}

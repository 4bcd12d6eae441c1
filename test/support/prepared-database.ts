// A database prepared before a real server starts on it (test/server/process.test.ts and
// crash.test.ts): the demo catalog, an API key and two extra plans.
import { createApiKey, savePlan } from "../../src/server/catalog.ts";
import { DEMO, seedDemo } from "../../src/server/seed.ts";
import type { Engine } from "./engines.ts";
import { planFields } from "./plans.ts";

/** Rate limits high enough that the tests' many requests from one address are never refused. */
export const LIFTED_LIMITS = {
  RATE_LIMIT_PAYMENT_FAILURES_PER_IP: "100000",
  RATE_LIMIT_PAYMENT_FAILURES_PER_PLAN: "100000",
};

/**
 * A database of `engine` prepared before the server starts: demo catalog, an API key, extra
 * plans; with the environment that points the server at it, and how to drop it.
 */
export async function prepareDatabase(engine: Engine, dir: string) {
  const { target, drop } = await engine.fresh(dir);
  const db = await engine.attach(target);
  const { store } = db;
  await seedDemo(store, "http://localhost:1");
  const { key } = await createApiKey(store, DEMO.company, "tests");
  const limited = await savePlan(
    store,
    planFields({ initial_price: 700, unlimited_stock: false, stock: 10 }),
  );
  const waitlist = await savePlan(store, {
    ...planFields({ release_method: "waitlist", initial_price: 0 }),
    custom_fields: [{ id: "handle", name: "Handle", required: true }],
  });
  const env: Record<string, string> = engine.name === "postgres" ? { DATABASE_URL: target } : {};
  const release = async () => {
    await db.close();
    await drop();
  };
  return { db, store, env, release, key, limitedPlan: limited.id, waitlistPlan: waitlist.id };
}

/**
 * PostgreSQL restarted under load: two compiled servers, separate processes, on a PostgreSQL
 * cluster of the test's own (the machine's shared server is never restarted). While it is
 * away every request is answered, quickly, with 503 `database_unavailable`; no process dies;
 * no payment is half written; and both instances serve again by themselves once it is back.
 */
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO, seedDemo } from "../../src/server/seed.ts";
import { openStore } from "../../src/server/store/open.ts";
import { openPool } from "../../src/server/store/postgres/sql.ts";
import {
  type PrivatePostgres,
  privatePostgresUnavailable,
  startPrivatePostgres,
} from "../support/private-postgres.ts";
import { type ServerProcess, spawnServer } from "../support/spawn-server.ts";
import { payAt } from "../support/test-app.ts";

const ENV = {
  RATE_LIMIT_PAYMENT_FAILURES_PER_IP: "100000",
  RATE_LIMIT_PAYMENT_FAILURES_PER_PLAN: "100000",
  SERVER_SECRET: "5e".repeat(32),
};
/** A request not answered within this is a hang. */
const ANSWER_BOUND_MS = 10_000;
const BUYERS = 6;

interface Outcome {
  key: string;
  /** The HTTP status, or null when no answer came (a hang past the bound, or a dead socket). */
  status: number | null;
  code?: string;
  paymentId?: string;
  error?: string;
  ms: number;
  at: number;
}

const pay = (origin: string, key: string) =>
  payAt(origin, key, {}, AbortSignal.timeout(ANSWER_BOUND_MS));

const until = async (condition: () => boolean | Promise<boolean>, what: string, ms = 30_000) => {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

const health = async (origin: string) => {
  const response = await fetch(`${origin}/healthz`, {
    signal: AbortSignal.timeout(ANSWER_BOUND_MS),
  });
  return { status: response.status, body: await response.json() };
};

const unavailable = privatePostgresUnavailable();
if (unavailable) {
  console.warn(`\n*** PostgreSQL restart test SKIPPED: ${unavailable}. ***\n`);
}

(unavailable ? describe.skip : describe)("two instances through a PostgreSQL restart", () => {
  let cluster: PrivatePostgres;
  let pool: pg.Pool;
  let instances: ServerProcess[] = [];

  beforeAll(async () => {
    cluster = await startPrivatePostgres();
    const store = await openStore(cluster.url);
    await seedDemo(store, "http://localhost:1");
    // So that each payment writes its events too (none are written for no endpoint). A private
    // address: the instances refuse to deliver there, so nothing leaves the machine.
    await store.webhooks.addEndpoint({ company_id: DEMO.company, url: "http://127.0.0.1:9/in" });
    await store.close();
    pool = openPool(cluster.url);
    instances = await Promise.all(
      [0, 1].map(() => spawnServer({ env: { ...ENV, DATABASE_URL: cluster.url } })),
    );
  }, 90_000);

  afterAll(async () => {
    for (const instance of instances) await instance.stop();
    await pool?.end();
    await cluster?.destroy();
  });

  it("answers 503 quickly while it is down, loses or halves no payment, and recovers alone", async () => {
    const origins = instances.map((instance) => instance.checkoutOrigin);
    const outcomes: Outcome[] = [];
    let stopLoad = false;
    // Buyers alternate between the instances, as a load balancer would send them, each
    // request with a key of its own, until told to stop.
    const buyer = async (index: number) => {
      for (let n = 0; !stopLoad; n++) {
        const key = `restart-${index}-${n}`;
        const started = Date.now();
        const outcome: Outcome = { key, status: null, ms: 0, at: started };
        try {
          const response = await pay(origins[(index + n) % 2]!, key);
          const body = await response.json();
          outcome.status = response.status;
          outcome.code = body.error?.code;
          outcome.paymentId = body.payment?.id;
        } catch (error) {
          outcome.error = (error as Error).message;
        }
        outcome.ms = Date.now() - started;
        outcomes.push(outcome);
        // A buyer told to try again shortly waits a little, as the checkout's retry does.
        if (outcome.status !== 201) await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    const paid = (since = 0) =>
      outcomes.filter((outcome) => outcome.status === 201 && outcome.at >= since).length;
    const load = Promise.all(Array.from({ length: BUYERS }, (_, index) => buyer(index)));

    try {
      await until(() => paid() >= 30, "30 payments before the restart");
      await cluster.stop();
      const downSince = Date.now();
      // While it is away: the health check says why, and payments get 503 JSON.
      for (const origin of origins) {
        expect(await health(origin)).toMatchObject({
          status: 503,
          body: { error: { code: "database_unavailable" } },
        });
      }
      await until(
        () => outcomes.filter((outcome) => outcome.at >= downSince).length >= 20,
        "requests during the outage",
      );
      const downUntil = Date.now();
      await cluster.start();
      // Back: both instances serve again without anyone touching them.
      for (const origin of origins) {
        await until(async () => (await health(origin)).status === 200, `${origin} to recover`);
      }
      const backSince = Date.now();
      await until(() => paid(backSince) >= 20, "payments after the restart");

      const during = outcomes.filter((o) => o.at >= downSince && o.at + o.ms <= downUntil);
      expect(during.length).toBeGreaterThan(0);
      for (const outcome of during) {
        expect(outcome, "during the outage").toMatchObject({
          status: 503,
          code: "database_unavailable",
        });
      }
    } finally {
      stopLoad = true;
      await load;
    }

    // Every request got an answer within the bound: 201, or 503 database_unavailable.
    expect(outcomes.filter((outcome) => outcome.status === null)).toEqual([]);
    for (const outcome of outcomes.filter((o) => o.status !== 201)) {
      expect(outcome).toMatchObject({ status: 503, code: "database_unavailable" });
    }
    // Both served payments after the restart, and neither process died.
    for (const instance of instances) {
      expect(instance.child.exitCode).toBeNull();
      expect(instance.child.signalCode).toBeNull();
    }

    // Every acknowledged payment exactly once; every payment with all it writes.
    const rows = (
      await pool.query(
        "SELECT id, idempotency_key FROM payments WHERE idempotency_key LIKE 'restart-%'",
      )
    ).rows as { id: string; idempotency_key: string }[];
    const byKey = new Map(rows.map((row) => [row.idempotency_key, row.id]));
    expect(byKey.size).toBe(rows.length);
    const acknowledged = outcomes.filter((outcome) => outcome.status === 201);
    for (const outcome of acknowledged) expect(byKey.get(outcome.key)).toBe(outcome.paymentId);
    const incomplete = await pool.query(
      `SELECT p.id FROM payments p
       WHERE NOT EXISTS (SELECT 1 FROM receipts r WHERE r.payment_id = p.id)
          OR NOT EXISTS (SELECT 1 FROM memberships m WHERE m.payment_id = p.id)
          OR NOT EXISTS (SELECT 1 FROM webhook_events e WHERE e.type = 'payment.succeeded'
                           AND e.payload::json -> 'data' ->> 'id' = p.id)`,
    );
    expect(incomplete.rows).toEqual([]);

    // A buyer retrying a payment that got 503, with its key, pays once: the first attempt's
    // payment if it was committed after all, a new one if not.
    const retried = outcomes.filter((outcome) => outcome.status === 503);
    expect(retried.length).toBeGreaterThan(0);
    for (const outcome of retried) {
      const response = await pay(origins[0]!, outcome.key);
      expect(response.status).toBe(201);
      const { payment } = await response.json();
      if (byKey.has(outcome.key)) expect(payment.id).toBe(byKey.get(outcome.key));
    }
    const [count] = (
      await pool.query(
        "SELECT COUNT(*) AS n, COUNT(DISTINCT idempotency_key) AS keys FROM payments WHERE idempotency_key LIKE 'restart-%'",
      )
    ).rows;
    expect(Number(count.n)).toBe(Number(count.keys));
    expect(Number(count.n)).toBe(
      acknowledged.length + retried.filter((o) => !byKey.has(o.key)).length,
    );
  }, 180_000);
});

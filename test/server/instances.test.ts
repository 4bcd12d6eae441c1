/**
 * Two instances of the compiled server, separate processes on separate ports, on one
 * PostgreSQL database: what one instance guarantees must hold across both.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { savePlan } from "../../src/server/catalog.ts";
import { seedDemo } from "../../src/server/seed.ts";
import { describePostgres, type TestDatabase } from "../support/engines.ts";
import { planFields } from "../support/plans.ts";
import { type ServerProcess, spawnServer } from "../support/spawn-server.ts";
import { payAt } from "../support/test-app.ts";

const ENV = {
  RATE_LIMIT_PAYMENT_FAILURES_PER_IP: "100000",
  RATE_LIMIT_PAYMENT_FAILURES_PER_PLAN: "100000",
  WEBHOOK_ALLOW_PRIVATE_TARGETS: "true",
  // One platform, one secret: each instance would otherwise make its own beside its own files.
  SERVER_SECRET: "5e".repeat(32),
};

describePostgres("two instances on one database", (engine) => {
  let db: TestDatabase;
  let drop: () => Promise<void>;
  let target: string;
  let instances: ServerProcess[] = [];
  let limitedPlan: string;
  const origins = () => instances.map((instance) => instance.checkoutOrigin);

  beforeAll(async () => {
    ({ target, drop } = await engine.fresh());
    db = await engine.attach(target);
    await seedDemo(db.store, "http://localhost:1");
    limitedPlan = (
      await savePlan(
        db.store,
        planFields({ initial_price: 700, unlimited_stock: false, stock: 10 }),
      )
    ).id;
    instances = await Promise.all(
      [0, 1].map(() => spawnServer({ env: { ...ENV, DATABASE_URL: target } })),
    );
  }, 60_000);

  afterAll(async () => {
    for (const instance of instances) await instance.stop();
    await db?.close();
    await drop?.();
  });

  it("turns 200 concurrent identical payments with one Idempotency-Key, split across both, into one", async () => {
    const [first, second] = origins();
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        payAt(i % 2 ? second! : first!, "shared-key", { email: "same@example.com" }),
      ),
    );
    const bodies = await Promise.all(responses.map((response) => response.json()));
    expect(new Set(responses.map((response) => response.status))).toEqual(new Set([201]));
    expect(new Set(bodies.map((body) => body.payment.id)).size).toBe(1);
    const [row] = await db.query("SELECT COUNT(*) AS n FROM payments WHERE idempotency_key = ?", [
      "shared-key",
    ]);
    expect(Number(row!.n)).toBe(1);
  }, 60_000);

  it("sells exactly 10 units of a plan with stock 10 to 50 concurrent buyers across both", async () => {
    const [first, second] = origins();
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        payAt(i % 2 ? second! : first!, `stock-${i}`, { plan_id: limitedPlan }),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(10);
    expect(statuses.filter((status) => status === 422)).toHaveLength(40);
    expect((await db.store.getPlanContext(limitedPlan))?.plan.stock).toBe(0);
    expect(await db.store.listCompanyPayments(null, { plan_id: limitedPlan })).toHaveLength(10);
  }, 60_000);

  // Last: it kills the first instance.
  it("keeps answering when one instance is killed mid-load, every acknowledged payment there exactly once", async () => {
    const [doomed, survivor] = instances as [ServerProcess, ServerProcess];
    const acknowledged = new Map<string, string>();
    const unanswered: string[] = [];
    let next = 0;
    let killed = false;
    let afterKill = 0;
    // Eight buyers alternate between the instances, as a load balancer would send them, until
    // 40 payments after the kill; a buyer whose instance died goes on at the survivor.
    const buyer = async (index: number) => {
      let origin = index % 2 ? survivor.checkoutOrigin : doomed.checkoutOrigin;
      while (afterKill < 40) {
        const key = `load-${next++}`;
        const response = await payAt(origin, key).catch(() => null);
        if (response) {
          expect(response.status).toBe(201);
          acknowledged.set(key, (await response.json()).payment.id);
          if (killed && origin === survivor.checkoutOrigin) afterKill++;
        } else {
          // The instance died under this request: the buyer does not know whether it was paid.
          unanswered.push(key);
          origin = survivor.checkoutOrigin;
        }
        if (acknowledged.size >= 40 && !killed) {
          killed = true;
          doomed.child.kill("SIGKILL");
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, i) => buyer(i)));
    await doomed.exited();
    expect(doomed.child.signalCode).toBe("SIGKILL");
    expect(unanswered.length).toBeGreaterThan(0);
    expect((await fetch(`${survivor.checkoutOrigin}/healthz`)).status).toBe(200);

    const stored = async (key: string) =>
      db.query("SELECT id FROM payments WHERE idempotency_key = ?", [key]);
    for (const [key, id] of acknowledged) expect(await stored(key)).toEqual([{ id }]);
    // A buyer retrying an unanswered payment at the survivor, with its key, pays at most once.
    for (const key of unanswered) {
      const retried = await payAt(survivor.checkoutOrigin, key);
      expect(retried.status).toBe(201);
      expect(await stored(key)).toEqual([{ id: (await retried.json()).payment.id }]);
    }
  }, 90_000);
});

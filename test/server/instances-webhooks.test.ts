/**
 * Webhook delivery leases across instances: two compiled servers, separate processes on one
 * PostgreSQL database. An instance that dies in the middle of its deliveries leaves them
 * leased; once the lease runs out the other instance delivers each of them, once.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO, seedDemo } from "../../src/server/seed.ts";
import { describePostgres, type TestDatabase } from "../support/engines.ts";
import { type Receiver, startReceiver } from "../support/receiver.ts";
import { type ServerProcess, spawnServer } from "../support/spawn-server.ts";
import { successCard } from "../support/test-app.ts";

const LEASE_MS = 6_000;
const POLL_MS = 100;
const ENV = {
  WEBHOOK_ALLOW_PRIVATE_TARGETS: "true",
  WEBHOOK_POLL_MS: String(POLL_MS),
  WEBHOOK_LEASE_MS: String(LEASE_MS),
  // Below the lease, as deploy.md requires: a live instance gives up before its lease ends.
  WEBHOOK_TIMEOUT_MS: "5000",
  SERVER_SECRET: "5e".repeat(32),
};
/**
 * One payment announces itself twice (payment.succeeded, membership.created), to each of two
 * endpoints: four deliveries, written in the payment's transaction and so claimed together.
 * (An instance's dispatcher waits for a batch to end before claiming more, so deliveries
 * claimed later would only reach a hanging receiver after the earlier ones timed out.)
 */
const EVENTS = 2;

const until = async (condition: () => boolean | Promise<boolean>, what: string) => {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

describePostgres("a webhook delivery leased by an instance that dies", (engine) => {
  let db: TestDatabase;
  let drop: () => Promise<void>;
  const receivers: Receiver[] = [];
  let instances: ServerProcess[] = [];

  beforeAll(async () => {
    const fresh = await engine.fresh();
    drop = fresh.drop;
    db = await engine.attach(fresh.target);
    await seedDemo(db.store, "http://localhost:1");
    for (let index = 0; index < 2; index++) {
      const endpoint = await db.store.webhooks.addEndpoint({
        company_id: DEMO.company,
        url: "http://placeholder",
      });
      // Holds every request open: the sender is "mid-delivery" for as long as it lives.
      const receiver = await startReceiver(endpoint.secret, 0, { hold: true });
      await db.query("UPDATE webhook_endpoints SET url = ? WHERE id = ?", [
        receiver.url,
        endpoint.id,
      ]);
      receivers.push(receiver);
    }
    instances = await Promise.all(
      [0, 1].map(() => spawnServer({ env: { ...ENV, DATABASE_URL: fresh.target } })),
    );
  }, 60_000);

  afterAll(async () => {
    for (const instance of instances) await instance.stop();
    for (const receiver of receivers) await receiver.close();
    await db?.close();
    await drop?.();
  });

  it("is delivered by the other instance after the lease runs out, each event exactly once", async () => {
    const [doomed, survivor] = instances as [ServerProcess, ServerProcess];
    // The survivor is paused while the doomed instance takes the payment, so the doomed one
    // claims every delivery; then the survivor runs on beside it, the leases still held.
    survivor.child.kill("SIGSTOP");
    try {
      const response = await fetch(`${doomed.checkoutOrigin}/api/v1/payments`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "Idempotency-Key": "lease-1" },
        body: JSON.stringify({
          plan_id: DEMO.oneTimePlan,
          email: "lease@example.com",
          card: successCard,
        }),
      });
      expect(response.status).toBe(201);
      await until(
        () => receivers.every((receiver) => receiver.held.length >= EVENTS),
        "the deliveries to arrive",
      );
    } finally {
      survivor.child.kill("SIGCONT");
    }
    expect((await fetch(`${survivor.checkoutOrigin}/healthz`)).status).toBe(200);

    const killedAt = Date.now();
    doomed.child.kill("SIGKILL");
    await doomed.exited();
    expect(doomed.child.signalCode).toBe("SIGKILL");
    const events = (await db.query("SELECT id FROM webhook_events")).map((row) => row.id).sort();
    expect(events).toHaveLength(EVENTS);
    for (const receiver of receivers) {
      // Each event was being sent by the doomed instance alone, and its death cut the request
      // (not a timeout of its own: the connection stayed open until the kill).
      expect(receiver.held.map((request) => request.id).sort()).toEqual(events);
      await until(
        () => receiver.held.every((request) => request.closedAt !== null),
        "the held connections to close",
      );
      for (const request of receiver.held) {
        expect(request.closedAt).toBeGreaterThanOrEqual(killedAt);
      }
      receiver.release();
    }

    for (const receiver of receivers) await receiver.waitFor(EVENTS, LEASE_MS + 20_000);
    // Long enough for any second delivery of an event to show up: several polls of the survivor.
    await new Promise((resolve) => setTimeout(resolve, POLL_MS * 10));
    for (const receiver of receivers) {
      const delivered = receiver.received;
      expect(delivered.map((delivery) => delivery.id).sort()).toEqual(events);
      expect(delivered.every((delivery) => delivery.verified)).toBe(true);
      // None before its lease ran out: the survivor ran beside a lease it had to respect.
      const claimedAt = new Map(receiver.held.map((request) => [request.id, request.at]));
      for (const delivery of delivered) {
        // The lease starts at the claim, a moment before the request arrives.
        expect(delivery.at).toBeGreaterThanOrEqual(claimedAt.get(delivery.id)! + LEASE_MS - 1_000);
      }
    }
    const rows = await db.query("SELECT status, attempts FROM webhook_deliveries");
    expect(rows).toHaveLength(EVENTS * receivers.length);
    for (const row of rows) expect(row.status).toBe("delivered");
    for (const row of rows) expect(Number(row.attempts)).toBe(1);
  }, 90_000);
});

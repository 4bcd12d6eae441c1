/**
 * Every acknowledged payment survives the server's process being killed mid-load, exactly once,
 * and the webhook deliveries it left in the outbox go out after the restart.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { DEMO } from "../../src/server/seed.ts";
import { describeEachEngine } from "../support/engines.ts";
import { LIFTED_LIMITS, prepareDatabase } from "../support/prepared-database.ts";
import { startReceiver } from "../support/receiver.ts";
import { spawnServer } from "../support/spawn-server.ts";
import { payAt } from "../support/test-app.ts";

describeEachEngine("crash safety", (engine) => {
  it("keeps every acknowledged payment exactly once across kill -9, and resumes webhook deliveries", async () => {
    const dir = mkdtempSync(join(tmpdir(), "platform-crash-"));
    const prepared = await prepareDatabase(engine, dir);
    const { store, db } = prepared;
    const endpoint = await store.webhooks.addEndpoint({
      company_id: DEMO.company,
      url: "http://placeholder",
      events: ["payment.succeeded"],
    });
    // The receiver is down (500) until the restart, so deliveries pile up in the outbox.
    const receiver = await startReceiver(endpoint.secret, Number.POSITIVE_INFINITY);
    await db.query("UPDATE webhook_endpoints SET url = ? WHERE id = ?", [
      receiver.url,
      endpoint.id,
    ]);
    const env = {
      ...LIFTED_LIMITS,
      ...prepared.env,
      WEBHOOK_POLL_MS: "100",
      WEBHOOK_RETRY_BASE_MS: "100",
      WEBHOOK_LEASE_MS: "3000",
      WEBHOOK_TIMEOUT_MS: "1000",
      // The receiver listens on loopback.
      WEBHOOK_ALLOW_PRIVATE_TARGETS: "true",
    };
    const cleanUp = async () => {
      await receiver.close();
      await prepared.release();
      rmSync(dir, { recursive: true, force: true });
    };
    let server = await spawnServer({ dir, env }).catch(async (error) => {
      await cleanUp();
      throw error;
    });
    try {
      const acknowledged = new Map<string, string>();
      const attempted: string[] = [];
      let next = 0;
      let killed = false;
      // Six buyers keep paying until the server stops answering; it is killed after 40 payments.
      const worker = async () => {
        for (;;) {
          const key = `crash-${next++}`;
          attempted.push(key);
          try {
            const response = await payAt(server.checkoutOrigin, key);
            if (response.status === 201) acknowledged.set(key, (await response.json()).payment.id);
          } catch {
            // The server died under this request: not acknowledged.
            if (killed) return;
          }
          if (acknowledged.size >= 40 && !killed) {
            killed = true;
            server.child.kill("SIGKILL");
          }
        }
      };
      await Promise.all(Array.from({ length: 6 }, worker));
      await server.exited();
      expect(server.child.signalCode).toBe("SIGKILL");
      expect(receiver.received).toEqual([]);
      // Deliveries were waiting in the outbox when the process died.
      expect(
        (await store.webhooks.listDeliveries({ status: "pending" }, 1000)).length,
      ).toBeGreaterThan(0);
      // Each buyer stopped on a request the dying server never answered.
      expect(attempted.length).toBeGreaterThanOrEqual(acknowledged.size + 6);

      const healthy = await startReceiver(endpoint.secret);
      await db.query("UPDATE webhook_endpoints SET url = ? WHERE id = ?", [
        healthy.url,
        endpoint.id,
      ]);
      server = await spawnServer({ dir, env });
      try {
        const rows = (await db.query(
          "SELECT id, idempotency_key FROM payments WHERE idempotency_key LIKE 'crash-%'",
        )) as { id: string; idempotency_key: string }[];
        const byKey = new Map(rows.map((row) => [row.idempotency_key, row.id]));
        expect(byKey.size).toBe(rows.length);
        for (const [key, paymentId] of acknowledged) expect(byKey.get(key)).toBe(paymentId);

        // Retrying every attempt with its key charges the missing ones once and replays the rest.
        for (const key of attempted) {
          const response = await payAt(server.checkoutOrigin, key);
          expect(response.status).toBe(201);
          const { payment } = await response.json();
          if (acknowledged.has(key)) expect(payment.id).toBe(acknowledged.get(key));
        }
        const [count] = await db.query(
          "SELECT COUNT(*) AS n FROM payments WHERE idempotency_key LIKE 'crash-%'",
        );
        const total = Number(count!.n);
        expect(total).toBe(new Set(attempted).size);

        // Every succeeded payment's webhook arrives, signed, after the restart.
        const delivered = await healthy.waitFor(total, 30_000);
        const paymentIds = new Set(delivered.map((delivery) => delivery.data.id));
        expect(paymentIds.size).toBe(total);
        expect(delivered.every((delivery) => delivery.verified)).toBe(true);
        for (const paymentId of acknowledged.values()) expect(paymentIds.has(paymentId)).toBe(true);
        await healthy.close();
      } finally {
        await server.stop();
      }
    } finally {
      await cleanUp();
    }
  }, 90_000);
});

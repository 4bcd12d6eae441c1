import { Writable } from "node:stream";
import { afterEach, expect, it, vi } from "vitest";
import { createLogger, silentLog } from "../../../src/server/log.ts";
import { retryDelay } from "../../../src/server/outbox.ts";
import { DEMO } from "../../../src/server/seed.ts";
import { WebhookDispatcher } from "../../../src/server/webhooks/dispatcher.ts";
import { describeEachEngine } from "../../support/engines.ts";
import { type Receiver, startReceiver } from "../../support/receiver.ts";
import { addPlan, declineCard, postJson, successCard, testApps } from "../../support/test-app.ts";

const cleanups: (() => Promise<void>)[] = [];

/** The receivers listen on loopback, which the dispatcher refuses unless told otherwise. */
const LOOPBACK_ALLOWED = { allowPrivateTargets: true };
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describeEachEngine("webhook deliveries", (engine) => {
  const createTestApp = testApps(engine);
  async function setup(failFirst = 0) {
    const { app, store, db } = await createTestApp();
    const endpoint = await store.webhooks.addEndpoint({
      company_id: DEMO.company,
      url: "http://x",
    });
    const receiver: Receiver = await startReceiver(endpoint.secret, failFirst);
    await db.query("UPDATE webhook_endpoints SET url = ? WHERE id = ?", [
      receiver.url,
      endpoint.id,
    ]);
    cleanups.push(() => receiver.close());
    return { app, store, db, receiver };
  }

  it("sends payment, membership and entry events signed with Standard Webhooks", async () => {
    const { app, store, receiver } = await setup();
    const paid = await (
      await app.request(
        "/api/v1/payments",
        postJson({
          plan_id: DEMO.oneTimePlan,
          session_id: DEMO.session,
          email: "a@b.co",
          card: successCard,
        }),
      )
    ).json();
    await app.request(
      "/api/v1/payments",
      postJson({ plan_id: DEMO.oneTimePlan, email: "a@b.co", card: declineCard }),
    );
    const waitlist = await addPlan(store, { release_method: "waitlist" });
    await app.request("/api/v1/entries", postJson({ plan_id: waitlist.id, email: "w@b.co" }));

    const dispatcher = new WebhookDispatcher({
      logger: silentLog,
      ...LOOPBACK_ALLOWED,
      webhooks: store.webhooks,
      baseDelayMs: 10,
    });
    expect(await dispatcher.runOnce()).toBe(4);
    const received = await receiver.waitFor(4);
    expect(received.every((delivery) => delivery.verified)).toBe(true);
    expect(received.map((delivery) => delivery.type).sort()).toEqual([
      "membership.created",
      "payment.failed",
      "payment.succeeded",
      "waitlist.entry_created",
    ]);
    const succeeded = received.find((delivery) => delivery.type === "payment.succeeded")!;
    expect(succeeded.data).toMatchObject({
      id: paid.payment.id,
      status: "succeeded",
      metadata: { source: "demo", campaign: "full-example" },
    });
    expect(succeeded.id).toMatch(/^msg_/);
    expect(await store.webhooks.listDeliveries({ status: "delivered" })).toHaveLength(4);
    // Nothing is due any more.
    expect(await dispatcher.runOnce()).toBe(0);
  });

  it("retries with exponential back-off after the receiver answers 500, keeping the webhook-id", async () => {
    const { app, store, db, receiver } = await setup(2);
    await db.query("UPDATE webhook_endpoints SET events = ?", ['["payment.succeeded"]']);
    await app.request(
      "/api/v1/payments",
      postJson({ plan_id: DEMO.oneTimePlan, email: "a@b.co", card: successCard }),
    );
    const dispatcher = new WebhookDispatcher({
      logger: silentLog,
      ...LOOPBACK_ALLOWED,
      webhooks: store.webhooks,
      baseDelayMs: 1_000,
    });
    const start = Date.now();
    await dispatcher.runOnce(start);
    let [delivery] = await store.webhooks.listDeliveries();
    expect(delivery).toMatchObject({ status: "pending", attempts: 1, last_status_code: 500 });
    expect(delivery!.next_attempt_at).toBeGreaterThanOrEqual(start + 1_000);
    // Not due yet: nothing is sent.
    expect(await dispatcher.runOnce(start + 500)).toBe(0);

    await dispatcher.runOnce(delivery!.next_attempt_at);
    [delivery] = await store.webhooks.listDeliveries();
    expect(delivery).toMatchObject({ status: "pending", attempts: 2 });
    // The second delay doubles the first.
    expect(delivery!.next_attempt_at - Date.now()).toBeGreaterThan(1_500);

    await dispatcher.runOnce(delivery!.next_attempt_at);
    const [received] = await receiver.waitFor(1);
    expect(received).toMatchObject({ type: "payment.succeeded", verified: true });
    expect(receiver.attempts).toBe(3);
    // The two failed attempts and the delivered one carry the same webhook-id: the event's.
    expect(receiver.requests.map((request) => request.headers["webhook-id"])).toEqual([
      received!.id,
      received!.id,
      received!.id,
    ]);
    expect(received!.id).toBe((await store.webhooks.listDeliveries())[0]!.event_id);
    expect((await store.webhooks.listDeliveries())[0]).toMatchObject({
      status: "delivered",
      attempts: 3,
      last_status_code: 204,
    });
  });

  it("gives up after the last attempt, and a replay sends it again", async () => {
    const { app, store, db, receiver } = await setup(1);
    await db.query("UPDATE webhook_endpoints SET events = ?", ['["payment.failed"]']);
    await app.request(
      "/api/v1/payments",
      postJson({ plan_id: DEMO.oneTimePlan, email: "a@b.co", card: declineCard }),
    );
    const dispatcher = new WebhookDispatcher({
      logger: silentLog,
      ...LOOPBACK_ALLOWED,
      webhooks: store.webhooks,
      maxAttempts: 1,
    });
    await dispatcher.runOnce();
    const [failed] = await store.webhooks.listDeliveries();
    expect(failed).toMatchObject({
      status: "failed",
      attempts: 1,
      last_error: "receiver answered 500",
    });
    expect(await dispatcher.runOnce()).toBe(0);

    await store.webhooks.replay(failed!.id);
    await dispatcher.runOnce();
    await receiver.waitFor(1);
    expect(await store.webhooks.getDelivery(failed!.id)).toMatchObject({ status: "delivered" });
  });

  it("records an unreachable receiver as a failed attempt", async () => {
    const { app, store } = await createTestApp();
    await store.webhooks.addEndpoint({
      company_id: DEMO.company,
      url: "http://127.0.0.1:9/nothing",
    });
    await app.request(
      "/api/v1/payments",
      postJson({ plan_id: DEMO.oneTimePlan, email: "a@b.co", card: declineCard }),
    );
    const dispatcher = new WebhookDispatcher({
      logger: silentLog,
      ...LOOPBACK_ALLOWED,
      webhooks: store.webhooks,
      timeoutMs: 2_000,
    });
    await dispatcher.runOnce();
    const [delivery] = await store.webhooks.listDeliveries();
    expect(delivery).toMatchObject({ status: "pending", attempts: 1, last_status_code: null });
    expect(delivery!.last_error).toBeTruthy();
  });

  it("never contacts a target that resolves to loopback unless private targets are allowed", async () => {
    const { app, store, db, receiver } = await setup();
    const { port } = new URL(receiver.url);
    await db.query("UPDATE webhook_endpoints SET url = ?", [`http://localhost:${port}/hooks`]);
    await app.request(
      "/api/v1/payments",
      postJson({ plan_id: DEMO.oneTimePlan, email: "a@b.co", card: declineCard }),
    );
    const dispatcher = new WebhookDispatcher({
      logger: silentLog,
      webhooks: store.webhooks,
      timeoutMs: 2_000,
    });
    expect(await dispatcher.runOnce()).toBeGreaterThan(0);
    const deliveries = await store.webhooks.listDeliveries();
    for (const delivery of deliveries) {
      expect(delivery).toMatchObject({ status: "pending", attempts: 1, last_status_code: null });
      expect(delivery.last_error).toMatch(
        /^localhost resolves to .*, which is not a public address$/,
      );
    }
    expect(receiver.attempts).toBe(0);
  });

  it("doubles the delay per attempt up to the cap", () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(n, 1000, 5000))).toEqual([1000, 2000, 4000, 5000]);
  });

  it("does not hand a claimed delivery to a second dispatcher until its lease lapses", async () => {
    const { store } = await createTestApp();
    await store.webhooks.addEndpoint({ company_id: DEMO.company, url: "http://127.0.0.1:9/x" });
    await store.webhooks.enqueue(DEMO.company, "payment.succeeded", {}, 1_000);
    expect(await store.webhooks.claimDue(10, 5_000, 2_000)).toHaveLength(1);
    expect(await store.webhooks.claimDue(10, 5_000, 3_000)).toHaveLength(0);
    expect(await store.webhooks.claimDue(10, 5_000, 7_001)).toHaveLength(1);
  });

  it("polls once started, with JSON headers and its user agent, and sends nothing once stopped", async () => {
    const { store, receiver } = await setup();
    const dispatcher = new WebhookDispatcher({
      logger: silentLog,
      ...LOOPBACK_ALLOWED,
      webhooks: store.webhooks,
      pollMs: 10,
    });
    dispatcher.start();
    dispatcher.start();
    await store.webhooks.enqueue(DEMO.company, "payment.succeeded", {});
    await vi.waitFor(() => expect(receiver.requests).toHaveLength(1));
    expect(receiver.requests[0]!.headers).toMatchObject({
      "content-type": "application/json",
      "user-agent": "whop-checkout-webhooks/1",
    });
    await dispatcher.stop();
    await store.webhooks.enqueue(DEMO.company, "payment.succeeded", {});
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.requests).toHaveLength(1);
  });

  it("logs a failed poll and keeps polling", async () => {
    const logged: { msg: string; err: string }[] = [];
    const logger = createLogger(
      new Writable({
        write(chunk, _encoding, done) {
          logged.push(JSON.parse(String(chunk)));
          done();
        },
      }),
    );
    let calls = 0;
    const dispatcher = new WebhookDispatcher({
      webhooks: {
        claimDue: () => {
          calls++;
          throw new Error("database is locked");
        },
      } as unknown as ConstructorParameters<typeof WebhookDispatcher>[0]["webhooks"],
      pollMs: 10,
      logger,
    });
    dispatcher.start();
    await vi.waitFor(() => expect(calls).toBeGreaterThanOrEqual(2));
    await dispatcher.stop();
    expect(logged[0]).toMatchObject({
      msg: "webhook dispatch failed",
      err: "database is locked",
    });
  });
});

import { afterEach, describe, expect, it, vi } from "vitest";
import { DEMO } from "../../../src/server/seed.ts";
import { retryDelay, WebhookDispatcher } from "../../../src/server/webhooks/dispatcher.ts";
import { type Receiver, startReceiver } from "../../support/receiver.ts";
import {
  addPlan,
  createTestApp,
  declineCard,
  postJson,
  successCard,
} from "../../support/test-app.ts";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(failFirst = 0) {
  const { app, store } = createTestApp();
  const endpoint = store.webhooks.addEndpoint({ company_id: DEMO.company, url: "http://x" });
  const receiver: Receiver = await startReceiver(endpoint.secret, failFirst);
  store.db
    .prepare("UPDATE webhook_endpoints SET url = ? WHERE id = ?")
    .run(receiver.url, endpoint.id);
  cleanups.push(() => receiver.close());
  return { app, store, receiver };
}

describe("webhook deliveries", () => {
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
    const waitlist = addPlan(store, { release_method: "waitlist" });
    await app.request("/api/v1/entries", postJson({ plan_id: waitlist.id, email: "w@b.co" }));

    const dispatcher = new WebhookDispatcher({ webhooks: store.webhooks, baseDelayMs: 10 });
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
    expect(store.webhooks.listDeliveries({ status: "delivered" })).toHaveLength(4);
    // Nothing is due any more.
    expect(await dispatcher.runOnce()).toBe(0);
  });

  it("retries with exponential back-off after the receiver answers 500, keeping the webhook-id", async () => {
    const { app, store, receiver } = await setup(2);
    store.db.prepare("UPDATE webhook_endpoints SET events = ?").run('["payment.succeeded"]');
    await app.request(
      "/api/v1/payments",
      postJson({ plan_id: DEMO.oneTimePlan, email: "a@b.co", card: successCard }),
    );
    const dispatcher = new WebhookDispatcher({ webhooks: store.webhooks, baseDelayMs: 1_000 });
    const start = Date.now();
    await dispatcher.runOnce(start);
    let [delivery] = store.webhooks.listDeliveries();
    expect(delivery).toMatchObject({ status: "pending", attempts: 1, last_status_code: 500 });
    expect(delivery!.next_attempt_at).toBeGreaterThanOrEqual(start + 1_000);
    // Not due yet: nothing is sent.
    expect(await dispatcher.runOnce(start + 500)).toBe(0);

    await dispatcher.runOnce(delivery!.next_attempt_at);
    [delivery] = store.webhooks.listDeliveries();
    expect(delivery).toMatchObject({ status: "pending", attempts: 2 });
    // The second delay doubles the first.
    expect(delivery!.next_attempt_at - Date.now()).toBeGreaterThan(1_500);

    await dispatcher.runOnce(delivery!.next_attempt_at);
    const [received] = await receiver.waitFor(1);
    expect(received).toMatchObject({ type: "payment.succeeded", verified: true });
    expect(receiver.attempts).toBe(3);
    // The two failed attempts and the delivered one carry the same webhook-id: the event's.
    expect(receiver.attemptIds).toEqual([received!.id, received!.id, received!.id]);
    expect(received!.id).toBe(store.webhooks.listDeliveries()[0]!.event_id);
    expect(store.webhooks.listDeliveries()[0]).toMatchObject({
      status: "delivered",
      attempts: 3,
      last_status_code: 204,
    });
  });

  it("gives up after the last attempt, and a replay sends it again", async () => {
    const { app, store, receiver } = await setup(1);
    store.db.prepare("UPDATE webhook_endpoints SET events = ?").run('["payment.failed"]');
    await app.request(
      "/api/v1/payments",
      postJson({ plan_id: DEMO.oneTimePlan, email: "a@b.co", card: declineCard }),
    );
    const dispatcher = new WebhookDispatcher({ webhooks: store.webhooks, maxAttempts: 1 });
    await dispatcher.runOnce();
    const [failed] = store.webhooks.listDeliveries();
    expect(failed).toMatchObject({
      status: "failed",
      attempts: 1,
      last_error: "receiver answered 500",
    });
    expect(await dispatcher.runOnce()).toBe(0);

    store.webhooks.replay(failed!.id);
    await dispatcher.runOnce();
    await receiver.waitFor(1);
    expect(store.webhooks.getDelivery(failed!.id)).toMatchObject({ status: "delivered" });
  });

  it("records an unreachable receiver as a failed attempt", async () => {
    const { app, store } = createTestApp();
    store.webhooks.addEndpoint({ company_id: DEMO.company, url: "http://127.0.0.1:9/nothing" });
    await app.request(
      "/api/v1/payments",
      postJson({ plan_id: DEMO.oneTimePlan, email: "a@b.co", card: declineCard }),
    );
    const dispatcher = new WebhookDispatcher({ webhooks: store.webhooks, timeoutMs: 2_000 });
    await dispatcher.runOnce();
    const [delivery] = store.webhooks.listDeliveries();
    expect(delivery).toMatchObject({ status: "pending", attempts: 1, last_status_code: null });
    expect(delivery!.last_error).toBeTruthy();
  });

  it("doubles the delay per attempt up to the cap", () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(n, 1000, 5000))).toEqual([1000, 2000, 4000, 5000]);
  });

  it("does not hand a claimed delivery to a second dispatcher until its lease lapses", () => {
    const { store } = createTestApp();
    store.webhooks.addEndpoint({ company_id: DEMO.company, url: "http://127.0.0.1:9/x" });
    store.webhooks.enqueue(DEMO.company, "payment.succeeded", {}, 1_000);
    expect(store.webhooks.claimDue(10, 5_000, 2_000)).toHaveLength(1);
    expect(store.webhooks.claimDue(10, 5_000, 3_000)).toHaveLength(0);
    expect(store.webhooks.claimDue(10, 5_000, 7_001)).toHaveLength(1);
  });

  it("polls once started, with JSON headers and its user agent, and sends nothing once stopped", async () => {
    const { store } = createTestApp();
    store.webhooks.addEndpoint({ company_id: DEMO.company, url: "https://hooks.example/in" });
    const sent: Record<string, string>[] = [];
    const dispatcher = new WebhookDispatcher({
      webhooks: store.webhooks,
      pollMs: 10,
      fetch: async (_url, init) => {
        sent.push(init?.headers as Record<string, string>);
        return new Response(null, { status: 204 });
      },
    });
    dispatcher.start();
    dispatcher.start();
    store.webhooks.enqueue(DEMO.company, "payment.succeeded", {});
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    expect(sent[0]).toMatchObject({
      "Content-Type": "application/json",
      "User-Agent": "whop-checkout-webhooks/1",
    });
    await dispatcher.stop();
    store.webhooks.enqueue(DEMO.company, "payment.succeeded", {});
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sent).toHaveLength(1);
  });

  it("logs a failed poll and keeps polling", async () => {
    const logged: string[] = [];
    let calls = 0;
    const dispatcher = new WebhookDispatcher({
      webhooks: {
        claimDue: () => {
          calls++;
          throw new Error("database is locked");
        },
      } as unknown as ConstructorParameters<typeof WebhookDispatcher>[0]["webhooks"],
      pollMs: 10,
      log: (message) => logged.push(message),
    });
    dispatcher.start();
    await vi.waitFor(() => expect(calls).toBeGreaterThanOrEqual(2));
    await dispatcher.stop();
    expect(logged[0]).toBe("webhook dispatch failed: database is locked");
  });
});

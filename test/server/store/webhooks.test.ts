import { afterEach, expect, it } from "vitest";
import type { Store } from "../../../src/server/store/interface.ts";
import { describeEachEngine, type TestDatabase } from "../../support/engines.ts";
import { openTestStore } from "./helpers.ts";

describeEachEngine("webhook outbox", (engine) => {
  let db: TestDatabase;
  let store: Store;
  afterEach(() => db?.close());

  async function setup() {
    const opened = await openTestStore(engine);
    ({ db, store } = opened);
    return opened.company.id;
  }

  it("queues one delivery per subscribed, enabled endpoint", async () => {
    const companyId = await setup();
    const all = await store.webhooks.addEndpoint({ company_id: companyId, url: "https://a.test" });
    await store.webhooks.addEndpoint({
      company_id: companyId,
      url: "https://b.test",
      events: ["membership.created"],
    });
    expect(all).toMatchObject({
      enabled: true,
      events: [],
      secret: expect.stringMatching(/^whsec_/),
    });
    expect(await store.webhooks.listEndpoints(companyId)).toHaveLength(2);
    const eventId = await store.webhooks.enqueue(
      companyId,
      "payment.failed",
      { id: "pay_1" },
      1000,
    );
    const due = await store.webhooks.claimDue(10, 30_000, 1000);
    expect(due).toHaveLength(1);
    expect(due[0]).toMatchObject({ event_id: eventId, endpoint_id: all.id, url: "https://a.test" });
    expect(JSON.parse(due[0]!.payload)).toEqual({
      type: "payment.failed",
      timestamp: new Date(1000).toISOString(),
      data: { id: "pay_1" },
    });
  });

  it("writes nothing for an event no enabled endpoint subscribes to", async () => {
    const companyId = await setup();
    expect(await store.webhooks.enqueue(companyId, "payment.failed", {}, 1000)).toBeNull();
    await store.webhooks.addEndpoint({
      company_id: companyId,
      url: "https://b.test",
      events: ["membership.created"],
    });
    expect(await store.webhooks.enqueue(companyId, "payment.failed", {}, 1000)).toBeNull();
    expect(await db.query("SELECT id FROM webhook_events")).toEqual([]);
    expect(await store.webhooks.enqueue(companyId, "membership.created", {}, 1000)).toMatch(
      /^msg_/,
    );
    expect(await db.query("SELECT type FROM webhook_events")).toEqual([
      { type: "membership.created" },
    ]);
  });

  it("leases a claim, retries a failure when told and gives up when not", async () => {
    const companyId = await setup();
    await store.webhooks.addEndpoint({ company_id: companyId, url: "https://a.test" });
    await store.webhooks.enqueue(companyId, "payment.failed", {}, 1000);
    const [delivery] = await store.webhooks.claimDue(10, 30_000, 1000);
    expect(await store.webhooks.claimDue(10, 30_000, 2000)).toEqual([]);
    await store.webhooks.markAttemptFailed(delivery!.id, {
      statusCode: 500,
      error: "HTTP 500",
      retryAt: 5000,
    });
    expect(await store.webhooks.getDelivery(delivery!.id)).toMatchObject({
      status: "pending",
      attempts: 1,
      next_attempt_at: 5000,
      last_status_code: 500,
    });
    expect(await store.webhooks.claimDue(10, 30_000, 4999)).toEqual([]);
    expect(await store.webhooks.claimDue(10, 30_000, 5000)).toHaveLength(1);
    await store.webhooks.markAttemptFailed(delivery!.id, {
      statusCode: null,
      error: "timeout",
      retryAt: null,
    });
    expect(await store.webhooks.listDeliveries({ status: "failed" })).toMatchObject([
      { id: delivery!.id, attempts: 2, last_error: "timeout", event_type: "payment.failed" },
    ]);
    const replayed = await store.webhooks.replay(delivery!.id, 9000);
    expect(replayed).toMatchObject({ status: "pending", attempts: 0, next_attempt_at: 9000 });
    const [again] = await store.webhooks.claimDue(10, 30_000, 9000);
    await store.webhooks.markDelivered(again!.id, 204);
    expect(await store.webhooks.getDelivery(again!.id)).toMatchObject({
      status: "delivered",
      attempts: 1,
      last_status_code: 204,
      delivered_at: expect.stringMatching(/Z$/),
    });
  });
});

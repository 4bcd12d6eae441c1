/**
 * Webhook endpoints through the server API and the CLI: a secret is shown at creation, rotation
 * and reveal only; rotation keeps the old secret signing for the overlap; deletion; and another
 * company's key reaches none of a company's endpoints or deliveries.
 */
import { Webhook } from "standardwebhooks";
import { afterEach, expect, it } from "vitest";
import { run } from "../../../src/server/cli.ts";
import { silentLog } from "../../../src/server/log.ts";
import { DEMO } from "../../../src/server/seed.ts";
import type { Store } from "../../../src/server/store/interface.ts";
import { WebhookDispatcher } from "../../../src/server/webhooks/dispatcher.ts";
import { SECRET_OVERLAP_MS } from "../../../src/server/webhooks/endpoints.ts";
import { describeEachEngine, type TestDatabase } from "../../support/engines.ts";
import { type Receiver, startReceiver } from "../../support/receiver.ts";
import { declineCard, merchantApps, postJson, purchase } from "../../support/test-app.ts";

const receivers: Receiver[] = [];
afterEach(async () => {
  for (const receiver of receivers.splice(0)) await receiver.close();
});

/** Points endpoint `id` at a fresh loopback receiver, which records every request it gets. */
async function receiverFor(db: TestDatabase, id: string): Promise<Receiver> {
  const receiver = await startReceiver("whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  receivers.push(receiver);
  await db.query("UPDATE webhook_endpoints SET url = ? WHERE id = ?", [receiver.url, id]);
  return receiver;
}

/** Sends every delivery due at `now` to its (loopback) receiver; returns what each carried. */
async function signaturesSentAt(store: Store, receiver: Receiver, now: number) {
  const before = receiver.requests.length;
  await new WebhookDispatcher({
    logger: silentLog,
    webhooks: store.webhooks,
    allowPrivateTargets: true,
  }).runOnce(now);
  return receiver.requests.slice(before).map(({ headers, body }) => ({
    id: String(headers["webhook-id"]),
    timestamp: String(headers["webhook-timestamp"]),
    signature: String(headers["webhook-signature"]),
    body,
  }));
}

const verifies = (secret: string, delivery: Awaited<ReturnType<typeof signaturesSentAt>>[0]) => {
  try {
    new Webhook(secret).verify(delivery.body, {
      "webhook-id": delivery.id,
      "webhook-timestamp": delivery.timestamp,
      "webhook-signature": delivery.signature,
    });
    return true;
  } catch {
    return false;
  }
};

describeEachEngine("webhook endpoint secrets", (engine) => {
  const createApp = merchantApps(engine);
  async function setup() {
    const app = await createApp();
    const call = async (method: string, path: string, body?: unknown, apiKey = app.key) => {
      const response = await app.call(method, path, body, apiKey);
      return { status: response.status, body: await response.json() };
    };
    return { ...app, call };
  }

  it("shows a secret at creation and on reveal, never in listings or reads", async () => {
    const { call } = await setup();
    const created = await call("POST", "/webhook_endpoints", { url: "https://hooks.example/a" });
    expect(created.status).toBe(201);
    const { id, secret } = created.body.webhook_endpoint;
    expect(secret).toMatch(/^whsec_/);

    const listed = await call("GET", "/webhook_endpoints");
    expect(listed.body.webhook_endpoints).toEqual([
      expect.objectContaining({ id, url: "https://hooks.example/a" }),
    ]);
    const read = await call("GET", `/webhook_endpoints/${id}`);
    for (const answer of [listed, read]) {
      expect(JSON.stringify(answer.body)).not.toContain(secret);
      expect(JSON.stringify(answer.body)).not.toContain("whsec_");
    }
    const revealed = await call("POST", `/webhook_endpoints/${id}/reveal_secret`);
    expect(revealed.body.webhook_endpoint).toMatchObject({ id, secret });
  });

  it("makes every secret unique and random: whsec_ and 24 random bytes", async () => {
    const { store } = await setup();
    const secrets: string[] = [];
    for (let index = 0; index < 200; index++) {
      const endpoint = await store.webhooks.addEndpoint({
        company_id: DEMO.company,
        url: `https://h.example/${index}`,
      });
      secrets.push(endpoint.secret);
    }
    expect(new Set(secrets).size).toBe(secrets.length);
    for (const secret of secrets) {
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
      expect(Buffer.from(secret.slice("whsec_".length), "base64")).toHaveLength(24);
    }
    // Random bytes: across 200 secrets every byte value turns up (a constant or counter would not).
    const bytes = new Set(secrets.flatMap((s) => [...Buffer.from(s.slice(6), "base64")]));
    expect(bytes.size).toBeGreaterThan(250);
  });

  it("rotates: deliveries carry both signatures during the overlap, then the new one only", async () => {
    const { app, store, db, call } = await setup();
    const created = await call("POST", "/webhook_endpoints", {
      url: "https://hooks.example/rotating",
    });
    const { id, secret: oldSecret } = created.body.webhook_endpoint;
    const receiver = await receiverFor(db, id);
    const rotatedAt = Date.now();
    const rotated = await call("POST", `/webhook_endpoints/${id}/rotate_secret`);
    expect(rotated.status).toBe(200);
    const newSecret = rotated.body.webhook_endpoint.secret;
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(oldSecret);
    const overlapEnd = Date.parse(rotated.body.webhook_endpoint.previous_secret_expires_at);
    expect(overlapEnd - rotatedAt).toBeGreaterThanOrEqual(SECRET_OVERLAP_MS - 1_000);
    expect(overlapEnd - rotatedAt).toBeLessThanOrEqual(SECRET_OVERLAP_MS + 1_000);
    expect((await call("POST", `/webhook_endpoints/${id}/reveal_secret`)).body).toMatchObject({
      webhook_endpoint: { secret: newSecret },
    });

    await app.request("/api/v1/payments", postJson(purchase({ card: declineCard })));
    const [during] = await signaturesSentAt(store, receiver, overlapEnd - 1);
    expect(during!.signature.split(" ")).toHaveLength(2);
    expect(during!.signature).toMatch(/^v1,\S+ v1,\S+$/);
    expect(verifies(oldSecret, during!)).toBe(true);
    expect(verifies(newSecret, during!)).toBe(true);

    await app.request("/api/v1/payments", postJson(purchase({ card: declineCard })));
    const [after] = await signaturesSentAt(store, receiver, overlapEnd);
    expect(after!.signature.split(" ")).toHaveLength(1);
    expect(verifies(newSecret, after!)).toBe(true);
    expect(verifies(oldSecret, after!)).toBe(false);
  });

  it("deletes an endpoint with its deliveries; nothing more is sent to it", async () => {
    const { app, store, db, call } = await setup();
    const created = await call("POST", "/webhook_endpoints", { url: "https://hooks.example/d" });
    const { id } = created.body.webhook_endpoint;
    const receiver = await receiverFor(db, id);
    await app.request("/api/v1/payments", postJson(purchase({ card: declineCard })));
    expect(await store.webhooks.listDeliveries({ company_id: DEMO.company })).toHaveLength(1);

    expect(await call("DELETE", `/webhook_endpoints/${id}`)).toEqual({
      status: 200,
      body: { id, deleted: true },
    });
    expect(await store.webhooks.getEndpoint(id)).toBeNull();
    expect(await store.webhooks.listDeliveries({ company_id: DEMO.company })).toEqual([]);
    await app.request("/api/v1/payments", postJson(purchase({ card: declineCard })));
    expect(await signaturesSentAt(store, receiver, Date.now())).toEqual([]);
    expect((await call("DELETE", `/webhook_endpoints/${id}`)).status).toBe(404);
    expect((await call("POST", `/webhook_endpoints/${id}/rotate_secret`)).status).toBe(404);
  });

  it("keeps a company's endpoints and deliveries from another company's key", async () => {
    const { app, store, call, strangerKey } = await setup();
    const created = await call("POST", "/webhook_endpoints", { url: "https://hooks.example/x" });
    const { id, secret } = created.body.webhook_endpoint;
    await app.request("/api/v1/payments", postJson(purchase({ card: declineCard })));
    const [delivery] = await store.webhooks.listDeliveries({ company_id: DEMO.company });

    const theirs = (method: string, path: string) => call(method, path, undefined, strangerKey);
    expect((await theirs("GET", "/webhook_endpoints")).body).toEqual({ webhook_endpoints: [] });
    expect((await theirs("GET", "/webhook_deliveries")).body).toEqual({ webhook_deliveries: [] });
    for (const [method, path] of [
      ["GET", `/webhook_endpoints/${id}`],
      ["POST", `/webhook_endpoints/${id}/reveal_secret`],
      ["POST", `/webhook_endpoints/${id}/rotate_secret`],
      ["DELETE", `/webhook_endpoints/${id}`],
    ] as const) {
      const answer = await theirs(method, path);
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect(answer.body.error.code).toBe("forbidden");
      expect(JSON.stringify(answer.body)).not.toContain(secret);
    }
    const replay = await theirs("POST", `/webhook_deliveries/${delivery!.id}/replay`);
    expect(replay.status).toBe(404);
    expect(replay.body.error.code).toBe("delivery_not_found");
    // Nothing changed: same secret, endpoint and delivery still there, the delivery not replayed.
    expect((await store.webhooks.getEndpoint(id))?.secret).toBe(secret);
    expect(await store.webhooks.getDelivery(delivery!.id)).toEqual(delivery);
    expect((await call("GET", "/webhook_deliveries")).body.webhook_deliveries).toHaveLength(1);
  });

  it("reveals, rotates, lists and deletes from the CLI", async () => {
    const { store } = await setup();
    type Endpoint = { id: string; secret?: string; previous_secret_expires_at: string | null };
    const cli = async (line: string[]) => (await run(line, store)) as Endpoint;
    const added = await cli(["webhook", "add", DEMO.company, "https://hooks.example/cli"]);
    expect(added.secret).toMatch(/^whsec_/);
    expect((await cli(["webhook", "reveal", added.id])).secret).toBe(added.secret);
    const rotated = await cli(["webhook", "rotate", added.id]);
    expect(rotated.secret).not.toBe(added.secret);
    expect(rotated.previous_secret_expires_at).not.toBeNull();
    const listed = (await run(["webhook", "list", DEMO.company], store)) as Endpoint[];
    expect(listed.map((endpoint) => endpoint.id)).toEqual([added.id]);
    expect(JSON.stringify(listed)).not.toContain("whsec_");
    expect(await run(["webhook", "delete", added.id], store)).toEqual({
      id: added.id,
      deleted: true,
    });
    await expect(cli(["webhook", "reveal", added.id])).rejects.toThrow(/No webhook endpoint/);
  });
});

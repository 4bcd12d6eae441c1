import { Writable } from "node:stream";
import { afterEach, expect, it } from "vitest";
import { createLogger, type Logger, silentLog } from "../../../src/server/log.ts";
import { ReceiptSender } from "../../../src/server/receipts/sender.ts";
import { DEMO } from "../../../src/server/seed.ts";
import type { Store } from "../../../src/server/store/interface.ts";
import { describeEachEngine } from "../../support/engines.ts";
import { type MailServer, startMailServer } from "../../support/mail-server.ts";
import {
  challengeCard,
  declineCard,
  postJson,
  purchase,
  testApps,
} from "../../support/test-app.ts";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function mailServer(port?: number): Promise<MailServer> {
  const server = await startMailServer(port);
  cleanups.push(() => server.close());
  return server;
}

function sender(
  store: Store,
  url: string,
  options: { logger?: Logger; maxAttempts?: number } = {},
) {
  const receipts = new ReceiptSender({
    receipts: store.receipts,
    smtp: { url: url.replace(/\?.*/, ""), from: "receipts@shop.example" },
    timeoutMs: 2_000,
    baseDelayMs: 1_000,
    logger: silentLog,
    ...options,
  });
  cleanups.push(() => receipts.stop());
  return receipts;
}

/** A logger whose lines land in `lines`, parsed. */
function capturedLog() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger(
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    }),
  );
  return { lines, logger };
}

describeEachEngine("receipt emails", (engine) => {
  const createTestApp = testApps(engine);

  it("sends the receipt through the mail server: recipient, item, amount, ids, date and card brand + last 4 only", async () => {
    const { app, store, db } = await createTestApp({}, { emailsReceipts: true });
    const mail = await mailServer();
    const email = "receipt@example.com";
    const response = await app.request("/api/v1/payments", postJson(purchase({ email })));
    expect(response.status).toBe(201);
    const { payment, receipt } = await response.json();
    // Queued with the payment; the checkout says it is on its way.
    expect(receipt.email_status).toBe("pending");
    expect(await store.receipts.get(receipt.id)).toMatchObject({ status: "pending", to: email });

    const { lines, logger } = capturedLog();
    expect(await sender(store, mail.url, { logger }).runOnce()).toBe(1);
    const [message] = await mail.waitFor(1);
    expect(message!.recipients).toEqual([email]);
    expect(message!.to).toMatchObject({ value: [{ address: email }] });
    expect(message!.from).toMatchObject({
      value: [{ address: "receipts@shop.example", name: "Acme Creators" }],
    });
    expect(message!.subject).toBe(
      "Your receipt from Acme Creators: $49.00 for Pro Trading Community (Lifetime access)",
    );
    expect(message!.messageId).toBe(`<${receipt.id}@shop.example>`);
    const issued = new Date(receipt.created_at).toLocaleDateString("en", {
      dateStyle: "long",
      timeZone: "UTC",
    });
    for (const body of [message!.text!, message!.html as string]) {
      expect(body).toContain("Pro Trading Community (Lifetime access)");
      expect(body).toContain("$49.00");
      expect(body).toContain(receipt.id);
      expect(body).toContain(payment.id);
      expect(body).toContain("Visa ending in 4242");
      expect(body).toContain("Acme Creators");
      expect(body).toContain(issued);
      expect(body).toMatch(/\d{1,2}:\d\d [AP]M UTC/);
      // The platform never had more of the card than its brand and last four digits.
      expect(body).not.toMatch(/4242\s?4242/);
      expect(body).not.toMatch(/cvc|security code/i);
    }
    expect(message!.html).toContain("<table");
    // Kept as the facts it states, not as bodies: what is shown is what was sent.
    const [row] = await db.query(
      "SELECT facts, text_body, html_body FROM receipt_emails WHERE receipt_id = ?",
      [receipt.id],
    );
    expect(row).toMatchObject({ facts: expect.stringContaining(receipt.id), text_body: null });
    expect(row!.html_body).toBeNull();
    const shown = await store.receipts.get(receipt.id);
    expect(shown!.html).toBe(message!.html);
    expect(shown!.text.trim()).toBe(message!.text!.trim());

    expect(await store.receipts.get(receipt.id)).toMatchObject({
      status: "sent",
      attempts: 1,
      last_error: null,
    });
    // One line for the attempt; it names the receipt, never the address or the message.
    const attempts = lines.filter((line) => line.msg === "receipt email attempt");
    expect(attempts).toEqual([
      expect.objectContaining({ receipt_id: receipt.id, attempt: 1, outcome: "sent" }),
    ]);
    expect(JSON.stringify(lines)).not.toContain(email);
    expect(JSON.stringify(lines)).not.toContain("$49.00");
    // Nothing is due any more.
    expect(await sender(store, mail.url).runOnce()).toBe(0);
  });

  it("keeps the email and retries while the mail server is down, then delivers it once", async () => {
    const { app, store } = await createTestApp({}, { emailsReceipts: true });
    // A port that was just free: nothing listens there until the server comes up below.
    const probe = await startMailServer();
    const { port, url } = probe;
    await probe.close();
    const { receipt } = await (
      await app.request("/api/v1/payments", postJson(purchase({ email: "down@example.com" })))
    ).json();

    const { lines, logger } = capturedLog();
    const receipts = sender(store, url, { logger });
    const start = Date.now();
    expect(await receipts.runOnce(start)).toBe(1);
    const failed = await store.receipts.get(receipt.id);
    expect(failed).toMatchObject({ status: "pending", attempts: 1 });
    expect(failed!.last_error).toMatch(/ECONNREFUSED|connect/i);
    expect(failed!.next_attempt_at).toBeGreaterThanOrEqual(start + 1_000);
    expect(lines.filter((line) => line.msg === "receipt email attempt")).toEqual([
      expect.objectContaining({
        receipt_id: receipt.id,
        attempt: 1,
        outcome: "retry",
        error: expect.stringMatching(/^E[A-Z]+$/),
      }),
    ]);
    expect(JSON.stringify(lines)).not.toContain("down@example.com");
    // Not due yet: no attempt.
    expect(await receipts.runOnce(start + 500)).toBe(0);

    const mail = await mailServer(port);
    expect(await receipts.runOnce(failed!.next_attempt_at)).toBe(1);
    const [message] = await mail.waitFor(1);
    expect(message!.text).toContain(receipt.id);
    expect(await store.receipts.get(receipt.id)).toMatchObject({ status: "sent", attempts: 2 });
    expect(lines.filter((line) => line.msg === "receipt email attempt")).toHaveLength(2);
    expect(lines.at(-1)).toMatchObject({ attempt: 2, outcome: "sent" });
    expect(await receipts.runOnce(Date.now() + 3_600_000)).toBe(0);
    expect(mail.messages).toHaveLength(1);
  });

  it("gives up after the last attempt, keeping the message as failed", async () => {
    const { app, store } = await createTestApp({}, { emailsReceipts: true });
    const { receipt } = await (
      await app.request("/api/v1/payments", postJson(purchase({ email: "gone@example.com" })))
    ).json();
    await sender(store, "smtp://127.0.0.1:9", { maxAttempts: 1 }).runOnce();
    expect(await store.receipts.get(receipt.id)).toMatchObject({ status: "failed", attempts: 1 });
    expect((await store.receipts.get(receipt.id))!.text).toContain(receipt.id);
    expect(await store.receipts.list({ status: "failed" })).toHaveLength(1);
  });

  it("without a mail server keeps the receipt's email in the database, unsent", async () => {
    const { app, store } = await createTestApp();
    const mail = await mailServer();
    const email = "held@example.com";
    const { receipt } = await (
      await app.request("/api/v1/payments", postJson(purchase({ email })))
    ).json();
    expect(receipt.email_status).toBe("held");
    const held = await store.receipts.get(receipt.id);
    expect(held).toMatchObject({ status: "held", to: email, attempts: 0 });
    expect(held!.text).toContain("$49.00");
    // A sender started later does not send what the buyer was told is not sent.
    expect(await sender(store, mail.url).runOnce()).toBe(0);
    expect(mail.messages).toHaveLength(0);
  });

  it("queues the email of a payment completed through its challenge", async () => {
    const { app, store } = await createTestApp({}, { emailsReceipts: true });
    const started = await (
      await app.request("/api/v1/payments", postJson(purchase({ card: challengeCard })))
    ).json();
    expect(await store.receipts.list()).toEqual([]);
    const settled = await (
      await app.request(
        `/api/v1/payments/${started.payment_id}/challenge`,
        postJson({ outcome: "approve" }),
      )
    ).json();
    expect(settled.receipt.email_status).toBe("pending");
    expect(await store.receipts.list()).toEqual([
      expect.objectContaining({ receipt_id: settled.receipt.id, status: "pending" }),
    ]);
  });

  it("writes no email for a declined or refused payment", async () => {
    const { app, store } = await createTestApp({}, { emailsReceipts: true });
    const soldOut = await app.request(
      "/api/v1/payments",
      postJson(purchase({ plan_id: DEMO.soldOutPlan, email: "sold-out@example.com" })),
    );
    expect(soldOut.status).toBe(422);
    const declined = await app.request(
      "/api/v1/payments",
      postJson(purchase({ card: declineCard })),
    );
    expect(declined.status).toBe(402);
    expect(await store.receipts.list()).toEqual([]);
  });
});

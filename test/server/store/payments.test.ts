import { afterEach, describe, expect, it } from "vitest";
import type { Store } from "../../../src/server/store/interface.ts";
import { CHALLENGE_TTL_MS } from "../../../src/server/store/payment-rules.ts";
import { describeEachEngine, type TestDatabase } from "../../support/engines.ts";
import { addPlan, countRows, listPayments, newPayment, openTestStore } from "./helpers.ts";

describeEachEngine("payments repository", (engine) => {
  let db: TestDatabase;
  let store: Store;
  afterEach(async () => {
    await db?.close();
  });

  async function setup(planOverrides: Parameters<typeof addPlan>[2] = {}) {
    const opened = await openTestStore(engine);
    db = opened.db;
    store = opened.store;
    const plan = await addPlan(store, opened.product.id, planOverrides);
    const endpoint = await store.webhooks.addEndpoint({
      company_id: opened.company.id,
      url: "https://hooks.example/in",
    });
    const context = { plan, product: opened.product, company: opened.company };
    return { companyId: opened.company.id, plan, context, endpoint };
  }

  /** A 50% promo of the company's that can be redeemed once. */
  const halfOffOnce = (companyId: string) =>
    store.promos.upsert({
      company_id: companyId,
      code: "once",
      percent_off: 50,
      amount_off: null,
      currency: null,
      plan_ids: [],
      expires_at: null,
      max_redemptions: 1,
    });

  const eventTypes = async () =>
    (await db.query(`SELECT type FROM webhook_events ORDER BY ${db.insertionOrder}`)).map(
      (row) => row.type,
    );

  it("writes a success with its receipt, membership and events, taking one unit of stock", async () => {
    const { companyId, plan, context } = await setup({ stock: 2 });
    const result = await store.recordPayment(newPayment(context));
    if (result.ok !== true) throw new Error(`expected a success, got ${JSON.stringify(result)}`);
    expect(result.payment).toMatchObject({ status: "succeeded", amount: 1000 });
    expect(await store.getReceiptForPayment(result.payment.id)).toEqual(result.receipt);
    expect(await store.listMemberships(companyId)).toMatchObject([
      { payment_id: result.payment.id, status: "active" },
    ]);
    expect(await eventTypes()).toEqual(["payment.succeeded", "membership.created"]);
    expect(await countRows(db, "webhook_deliveries")).toBe(2);
    expect((await store.getPlanContext(plan.id))?.plan.stock).toBe(1);
  });

  it("never takes stock below zero and writes nothing for a refused charge", async () => {
    const { plan, context } = await setup({ stock: 2 });
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await store.recordPayment(newPayment(context)));
    expect(results.map((result) => result.ok)).toEqual([true, true, false]);
    expect(results[2]).toEqual({ ok: false, reason: "sold_out" });
    expect((await store.getPlanContext(plan.id))?.plan.stock).toBe(0);
    expect(await listPayments(db, { plan_id: plan.id })).toHaveLength(2);
    expect(await countRows(db, "receipts")).toBe(2);
    expect(await countRows(db, "webhook_events")).toBe(4);
  });

  it("sells exactly the stock to buyers arriving together", async () => {
    const { plan, context } = await setup({ stock: 3 });
    const results = await Promise.all(
      Array.from({ length: 8 }, () => store.recordPayment(newPayment(context))),
    );
    expect(results.filter((result) => result.ok === true)).toHaveLength(3);
    expect((await store.getPlanContext(plan.id))?.plan.stock).toBe(0);
    expect(await listPayments(db)).toHaveLength(3);
  });

  it("records a decline with its event but takes no stock", async () => {
    const { plan, context } = await setup({ stock: 1 });
    const result = await store.recordPayment(
      newPayment(context, { status: "failed", failure_code: "card_declined" }),
    );
    expect(result).toMatchObject({ ok: false, reason: "declined" });
    expect((await store.getPlanContext(plan.id))?.plan.stock).toBe(1);
    expect(await eventTypes()).toEqual(["payment.failed"]);
    expect(await countRows(db, "receipts")).toBe(0);
  });

  it("stops a promo at its redemption limit, rolling back the stock it took", async () => {
    const { companyId, plan, context } = await setup({ stock: 5 });
    const promo = await halfOffOnce(companyId);
    const buy = () => store.recordPayment(newPayment(context, { promo, discount: 500 }));
    expect(await buy()).toMatchObject({ ok: true, payment: { amount: 500 } });
    expect(await buy()).toEqual({ ok: false, reason: "promo_used_up" });
    expect((await store.promos.get(promo.id))?.redemptions).toBe(1);
    expect((await store.getPlanContext(plan.id))?.plan.stock).toBe(4);
    expect(await listPayments(db)).toHaveLength(1);
  });

  it("inside a transaction, refuses a sale writing nothing of it, and the transaction goes on", async () => {
    const { companyId, plan, context } = await setup({ stock: 2 });
    const promo = await halfOffOnce(companyId);
    expect((await store.recordPayment(newPayment(context, { promo, discount: 500 }))).ok).toBe(
      true,
    );
    await store.transaction(async (tx) => {
      // Stock and promo: the stock is taken, then given back when the promo refuses.
      expect(await tx.recordPayment(newPayment(context, { promo, discount: 500 }))).toEqual({
        ok: false,
        reason: "promo_used_up",
      });
      expect((await tx.recordPayment(newPayment(context))).ok).toBe(true);
      // Stock alone, none left: refused before anything is written.
      expect(await tx.recordPayment(newPayment(context))).toEqual({
        ok: false,
        reason: "sold_out",
      });
    });
    expect((await store.getPlanContext(plan.id))?.plan.stock).toBe(0);
    expect((await store.promos.get(promo.id))?.redemptions).toBe(1);
    expect(await listPayments(db)).toHaveLength(2);
    expect(await countRows(db, "receipts")).toBe(2);
    expect(await countRows(db, "webhook_events")).toBe(4);
  });

  it("writes outbox rows in the payment's transaction: a rollback leaves neither", async () => {
    const { companyId, plan, context } = await setup({ stock: 1 });
    await expect(
      store.transaction(async (tx) => {
        expect((await tx.recordPayment(newPayment(context))).ok).toBe(true);
        expect(await tx.listCompanyPayments(companyId)).toHaveLength(1);
        throw new Error("the request failed after the payment was recorded");
      }),
    ).rejects.toThrow("the request failed");
    expect(await listPayments(db)).toEqual([]);
    expect(await countRows(db, "webhook_events")).toBe(0);
    expect(await countRows(db, "webhook_deliveries")).toBe(0);
    expect(await countRows(db, "receipts")).toBe(0);
    expect(await countRows(db, "memberships")).toBe(0);
    expect((await store.getPlanContext(plan.id))?.plan.stock).toBe(1);
  });

  it("never shows other callers what a transaction wrote before it ends", async () => {
    const { plan, context } = await setup({ stock: 1 });
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const transaction = store.transaction(async (tx) => {
      await tx.recordPayment(newPayment(context));
      await held;
      throw new Error("rolled back");
    });
    // Asked while the payment is written but not committed, then rolled back.
    const outside = store.getPlanContext(plan.id);
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await expect(transaction).rejects.toThrow("rolled back");
    expect((await outside)?.plan.stock).toBe(1);
    expect(await listPayments(db)).toEqual([]);
  });

  it("refuses to run on a transaction's store once the transaction has ended", async () => {
    await setup();
    let kept: Store | undefined;
    await store.transaction(async (tx) => {
      kept = tx;
    });
    await expect(kept!.getPayment("pay_missing")).rejects.toThrow("already ended");
  });

  describe("challenges", () => {
    const challenge = async (context: Awaited<ReturnType<typeof setup>>["context"]) => {
      const result = await store.recordPayment(newPayment(context, { status: "requires_action" }));
      if (result.ok !== "challenge") throw new Error("expected a challenge");
      return result.payment.id;
    };

    it("holds a payment without stock, receipt or event until it is settled", async () => {
      const { plan, context } = await setup({ stock: 1 });
      const paymentId = await challenge(context);
      expect((await store.getPayment(paymentId))?.status).toBe("requires_action");
      expect((await store.getPlanContext(plan.id))?.plan.stock).toBe(1);
      expect(await countRows(db, "webhook_events")).toBe(0);
    });

    it("settles once: a second settlement changes nothing and reports the first", async () => {
      const { plan, context } = await setup({ stock: 1 });
      const paymentId = await challenge(context);
      expect(await store.settleChallenge(paymentId, "approve")).toMatchObject({
        kind: "settled",
        payment: { status: "succeeded", failure_code: null },
      });
      expect(await store.settleChallenge(paymentId, "fail")).toMatchObject({
        kind: "already_settled",
        outcome: "approve",
        payment: { status: "succeeded" },
      });
      expect((await store.settleChallenge(paymentId, "approve")).kind).toBe("already_settled");
      expect(await countRows(db, "receipts")).toBe(1);
      expect(await countRows(db, "memberships")).toBe(1);
      expect(await eventTypes()).toEqual(["payment.succeeded", "membership.created"]);
      expect((await store.getPlanContext(plan.id))?.plan.stock).toBe(0);
    });

    it("settles once even when both settlements arrive together", async () => {
      const { plan, context } = await setup({ stock: 5 });
      const paymentId = await challenge(context);
      const kinds = await Promise.all(
        [1, 2, 3, 4].map(async () => (await store.settleChallenge(paymentId, "approve")).kind),
      );
      expect(kinds.sort()).toEqual([
        "already_settled",
        "already_settled",
        "already_settled",
        "settled",
      ]);
      expect(await countRows(db, "receipts")).toBe(1);
      expect((await store.getPlanContext(plan.id))?.plan.stock).toBe(4);
    });

    it("fails an approval when the stock ran out meanwhile", async () => {
      const { plan, context } = await setup({ stock: 1 });
      const first = await challenge(context);
      const second = await challenge(context);
      expect((await store.settleChallenge(first, "approve")).kind).toBe("settled");
      expect(await store.settleChallenge(second, "approve")).toMatchObject({
        kind: "settled",
        payment: { status: "failed", failure_code: "sold_out" },
      });
      expect((await store.getPlanContext(plan.id))?.plan.stock).toBe(0);
    });

    it("fails a challenge settled after its time is up, whatever the outcome", async () => {
      const { plan, context } = await setup({ stock: 1 });
      const paymentId = await challenge(context);
      const late = new Date(Date.now() - CHALLENGE_TTL_MS - 1000).toISOString();
      await db.query("UPDATE payments SET created_at = ? WHERE id = ?", [late, paymentId]);
      expect(await store.settleChallenge(paymentId, "approve")).toMatchObject({
        payment: { status: "failed", failure_code: "challenge_expired" },
      });
      expect((await store.getPlanContext(plan.id))?.plan.stock).toBe(1);
    });

    it("tells apart an unknown payment and one without a challenge", async () => {
      const { context } = await setup();
      const direct = await store.recordPayment(newPayment(context));
      if (direct.ok !== true) throw new Error("expected a success");
      expect(await store.settleChallenge("pay_missing", "approve")).toEqual({ kind: "not_found" });
      expect((await store.settleChallenge(direct.payment.id, "approve")).kind).toBe("no_challenge");
    });
  });

  describe("idempotent answers", () => {
    /** A second company, for answers kept per company. */
    const otherCompany = () =>
      store.upsertCompany({ title: "Other", redirect_url: null, allowed_origins: [] });
    const answer = {
      request_hash: "abc",
      status_code: 201,
      response: { receipt: { id: "r_1" } },
      created_at: "2030-01-01T00:00:00.000Z",
    };

    it("replays the stored answer for the same key only", async () => {
      const { companyId } = await setup();
      expect(await store.getStoredResponse(companyId, "key-1")).toBeNull();
      await store.storeResponse(companyId, "key-1", answer);
      expect(await store.getStoredResponse(companyId, "key-1")).toEqual(answer);
      expect(await store.getStoredResponse(companyId, "KEY-1")).toBeNull();
    });

    it("keeps the first answer: storing a key twice for one company throws", async () => {
      const { companyId } = await setup();
      await store.storeResponse(companyId, "key-1", answer);
      await expect(
        store.storeResponse(companyId, "key-1", { ...answer, status_code: 402 }),
      ).rejects.toThrow();
      expect((await store.getStoredResponse(companyId, "key-1"))?.status_code).toBe(201);
      expect(await countRows(db, "idempotency_keys")).toBe(1);
    });

    it("keeps one key per company: another company's same key is another answer", async () => {
      const { companyId } = await setup();
      const other = await otherCompany();
      await store.storeResponse(companyId, "key-1", answer);
      expect(await store.getStoredResponse(other.id, "key-1")).toBeNull();
      await store.storeResponse(other.id, "key-1", { ...answer, status_code: 402 });
      expect((await store.getStoredResponse(companyId, "key-1"))?.status_code).toBe(201);
      expect((await store.getStoredResponse(other.id, "key-1"))?.status_code).toBe(402);
      expect(await countRows(db, "idempotency_keys")).toBe(2);
    });

    it("sweeps every company's answers older than a cutoff before a lookup that names one", async () => {
      const { companyId } = await setup();
      const other = await otherCompany();
      const at = (created_at: string) => ({ ...answer, created_at });
      const cutoff = "2026-01-01T12:00:00.000Z";
      await store.storeResponse(companyId, "new", at("2026-01-02T00:00:00.000Z"));
      await store.storeResponse(companyId, "old", at("2026-01-01T00:00:00.000Z"));
      await store.storeResponse(other.id, "old", at("2026-01-01T00:00:00.000Z"));
      // Inside a transaction (on PostgreSQL, in the statement taking the key's lock)...
      const inside = await store.transaction((tx) =>
        tx.getStoredResponse(companyId, "old", cutoff),
      );
      expect(inside).toBeNull();
      expect(await countRows(db, "idempotency_keys")).toBe(1);
      // ...and outside one.
      await store.storeResponse(other.id, "old", at("2026-01-01T00:00:00.000Z"));
      expect((await store.getStoredResponse(companyId, "new", cutoff))?.created_at).toBe(
        "2026-01-02T00:00:00.000Z",
      );
      expect(await countRows(db, "idempotency_keys")).toBe(1);
    });

    it("answers concurrent requests with one key one after the other: one payment", async () => {
      const { companyId, context } = await setup({ stock: 100 });
      const request = () =>
        store.transaction(async (tx) => {
          const stored = await tx.getStoredResponse(companyId, "same-key");
          if (stored) return stored.response;
          const result = await tx.recordPayment(newPayment(context));
          await tx.storeResponse(companyId, "same-key", { ...answer, response: result });
          return result;
        });
      const answers = await Promise.all(Array.from({ length: 10 }, request));
      expect(new Set(answers.map((body) => JSON.stringify(body))).size).toBe(1);
      expect(await listPayments(db)).toHaveLength(1);
    });
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { CHALLENGE_TTL_MS } from "../../../src/server/store/payments.ts";
import type { SqliteStore } from "../../../src/server/store/sqlite.ts";
import { addPlan, countRows, listPayments, newPayment, openTestStore } from "./helpers.ts";

describe("payments repository", () => {
  let store: SqliteStore;
  afterEach(() => store?.close());

  function setup(planOverrides: Parameters<typeof addPlan>[2] = {}) {
    const opened = openTestStore();
    store = opened.store;
    const plan = addPlan(store, opened.product.id, planOverrides);
    const endpoint = store.webhooks.addEndpoint({
      company_id: opened.company.id,
      url: "https://hooks.example/in",
    });
    return { companyId: opened.company.id, plan, endpoint };
  }

  const eventTypes = () =>
    (
      store.db.prepare("SELECT type FROM webhook_events ORDER BY rowid").all() as { type: string }[]
    ).map((row) => row.type);

  it("writes a success with its receipt, membership and events, taking one unit of stock", () => {
    const { companyId, plan } = setup({ stock: 2 });
    const result = store.recordPayment(newPayment(plan, companyId));
    if (result.ok !== true) throw new Error(`expected a success, got ${JSON.stringify(result)}`);
    expect(result.payment).toMatchObject({ status: "succeeded", amount: 1000 });
    expect(store.getReceiptForPayment(result.payment.id)).toEqual(result.receipt);
    expect(store.listMemberships(companyId)).toMatchObject([
      { payment_id: result.payment.id, status: "active" },
    ]);
    expect(eventTypes()).toEqual(["payment.succeeded", "membership.created"]);
    expect(countRows(store.db, "webhook_deliveries")).toBe(2);
    expect(store.getPlanContext(plan.id)?.plan.stock).toBe(1);
  });

  it("never takes stock below zero and writes nothing for a refused charge", () => {
    const { companyId, plan } = setup({ stock: 2 });
    const results = [1, 2, 3].map(() => store.recordPayment(newPayment(plan, companyId)));
    expect(results.map((result) => result.ok)).toEqual([true, true, false]);
    expect(results[2]).toEqual({ ok: false, reason: "sold_out" });
    expect(store.getPlanContext(plan.id)?.plan.stock).toBe(0);
    expect(listPayments(store.db, { plan_id: plan.id })).toHaveLength(2);
    expect(countRows(store.db, "receipts")).toBe(2);
    expect(countRows(store.db, "webhook_events")).toBe(4);
  });

  it("records a decline with its event but takes no stock", () => {
    const { companyId, plan } = setup({ stock: 1 });
    const result = store.recordPayment(
      newPayment(plan, companyId, { status: "failed", failure_code: "card_declined" }),
    );
    expect(result).toMatchObject({ ok: false, reason: "declined" });
    expect(store.getPlanContext(plan.id)?.plan.stock).toBe(1);
    expect(eventTypes()).toEqual(["payment.failed"]);
    expect(countRows(store.db, "receipts")).toBe(0);
  });

  it("stops a promo at its redemption limit, rolling back the stock it took", () => {
    const { companyId, plan } = setup({ stock: 5 });
    const promo = store.promos.upsert({
      company_id: companyId,
      code: "once",
      percent_off: 50,
      amount_off: null,
      currency: null,
      plan_ids: [],
      expires_at: null,
      max_redemptions: 1,
    });
    const buy = () => store.recordPayment(newPayment(plan, companyId, { promo, discount: 500 }));
    expect(buy()).toMatchObject({ ok: true, payment: { amount: 500 } });
    expect(buy()).toEqual({ ok: false, reason: "promo_used_up" });
    expect(store.promos.get(promo.id)?.redemptions).toBe(1);
    expect(store.getPlanContext(plan.id)?.plan.stock).toBe(4);
    expect(listPayments(store.db)).toHaveLength(1);
  });

  it("writes outbox rows in the payment's transaction: a rollback leaves neither", () => {
    const { companyId, plan } = setup({ stock: 1 });
    expect(() =>
      store.transaction(() => {
        expect(store.recordPayment(newPayment(plan, companyId)).ok).toBe(true);
        expect(countRows(store.db, "webhook_events")).toBe(2);
        throw new Error("the request failed after the payment was recorded");
      }),
    ).toThrow("the request failed");
    expect(listPayments(store.db)).toEqual([]);
    expect(countRows(store.db, "webhook_events")).toBe(0);
    expect(countRows(store.db, "webhook_deliveries")).toBe(0);
    expect(countRows(store.db, "receipts")).toBe(0);
    expect(countRows(store.db, "memberships")).toBe(0);
    expect(store.getPlanContext(plan.id)?.plan.stock).toBe(1);
  });

  describe("challenges", () => {
    const challenge = (plan: ReturnType<typeof setup>["plan"], companyId: string) => {
      const result = store.recordPayment(
        newPayment(plan, companyId, { status: "requires_action" }),
      );
      if (result.ok !== "challenge") throw new Error("expected a challenge");
      return result.payment.id;
    };

    it("holds a payment without stock, receipt or event until it is settled", () => {
      const { companyId, plan } = setup({ stock: 1 });
      const paymentId = challenge(plan, companyId);
      expect(store.getPayment(paymentId)?.status).toBe("requires_action");
      expect(store.getPlanContext(plan.id)?.plan.stock).toBe(1);
      expect(countRows(store.db, "webhook_events")).toBe(0);
    });

    it("settles once: a second settlement changes nothing and reports the first", () => {
      const { companyId, plan } = setup({ stock: 1 });
      const paymentId = challenge(plan, companyId);
      expect(store.settleChallenge(paymentId, "approve")).toMatchObject({
        kind: "settled",
        payment: { status: "succeeded", failure_code: null },
      });
      expect(store.settleChallenge(paymentId, "fail")).toMatchObject({
        kind: "already_settled",
        outcome: "approve",
        payment: { status: "succeeded" },
      });
      expect(store.settleChallenge(paymentId, "approve").kind).toBe("already_settled");
      expect(countRows(store.db, "receipts")).toBe(1);
      expect(countRows(store.db, "memberships")).toBe(1);
      expect(eventTypes()).toEqual(["payment.succeeded", "membership.created"]);
      expect(store.getPlanContext(plan.id)?.plan.stock).toBe(0);
    });

    it("fails an approval when the stock ran out meanwhile", () => {
      const { companyId, plan } = setup({ stock: 1 });
      const first = challenge(plan, companyId);
      const second = challenge(plan, companyId);
      expect(store.settleChallenge(first, "approve").kind).toBe("settled");
      expect(store.settleChallenge(second, "approve")).toMatchObject({
        kind: "settled",
        payment: { status: "failed", failure_code: "sold_out" },
      });
      expect(store.getPlanContext(plan.id)?.plan.stock).toBe(0);
    });

    it("fails a challenge settled after its time is up, whatever the outcome", () => {
      const { companyId, plan } = setup({ stock: 1 });
      const paymentId = challenge(plan, companyId);
      const late = new Date(Date.now() - CHALLENGE_TTL_MS - 1000).toISOString();
      store.db.prepare("UPDATE payments SET created_at = ? WHERE id = ?").run(late, paymentId);
      expect(store.settleChallenge(paymentId, "approve")).toMatchObject({
        payment: { status: "failed", failure_code: "challenge_expired" },
      });
      expect(store.getPlanContext(plan.id)?.plan.stock).toBe(1);
    });

    it("tells apart an unknown payment and one without a challenge", () => {
      const { companyId, plan } = setup();
      const direct = store.recordPayment(newPayment(plan, companyId));
      if (direct.ok !== true) throw new Error("expected a success");
      expect(store.settleChallenge("pay_missing", "approve")).toEqual({ kind: "not_found" });
      expect(store.settleChallenge(direct.payment.id, "approve").kind).toBe("no_challenge");
    });
  });

  describe("idempotent answers", () => {
    const answer = {
      request_hash: "abc",
      status_code: 201,
      response: { receipt: { id: "r_1" } },
      created_at: "2030-01-01T00:00:00.000Z",
    };

    it("replays the stored answer for the same key only", () => {
      setup();
      expect(store.getStoredResponse("key-1")).toBeNull();
      store.storeResponse("key-1", answer);
      expect(store.getStoredResponse("key-1")).toEqual(answer);
      expect(store.getStoredResponse("KEY-1")).toBeNull();
    });

    it("keeps the first answer: storing a key twice throws", () => {
      setup();
      store.storeResponse("key-1", answer);
      expect(() => store.storeResponse("key-1", { ...answer, status_code: 402 })).toThrow();
      expect(store.getStoredResponse("key-1")?.status_code).toBe(201);
      expect(countRows(store.db, "idempotency_keys")).toBe(1);
    });
  });
});

/**
 * The challenge route of routes/buyer/payments.ts (`POST /api/v1/payments/:id/challenge`),
 * apart from payments.test.ts so that each file stays under 300 lines.
 */
import { describe, expect, it } from "vitest";
import { DEMO } from "../../../../src/server/seed.ts";
import {
  addPlan,
  challengeCard,
  countRows,
  createTestApp,
  DEMO_ORIGIN,
  postJson,
  purchase,
} from "../../../support/test-app.ts";

describe("3-D Secure style challenges", () => {
  const startChallenge = async (
    app: ReturnType<typeof createTestApp>["app"],
    overrides: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) =>
    app.request(
      "/api/v1/payments",
      postJson(purchase({ card: challengeCard, ...overrides }), headers),
    );

  it("answers 202 with a challenge, then completes the payment on approve", async () => {
    const { app, store } = createTestApp();
    const started = await startChallenge(app, { session_id: DEMO.session, promo_code: "LAUNCH20" });
    expect(started.status).toBe(202);
    const challenge = await started.json();
    expect(challenge).toMatchObject({
      status: "requires_action",
      challenge: { kind: "three_d_secure" },
    });
    expect(challenge.payment_id).toMatch(/^pay_/);
    expect(store.getPayment(challenge.payment_id)?.status).toBe("requires_action");
    expect(countRows(store, "receipts")).toBe(0);
    expect(store.promos.find(DEMO.company, "LAUNCH20")?.redemptions).toBe(0);

    const settle = (outcome: string) =>
      app.request(`/api/v1/payments/${challenge.payment_id}/challenge`, postJson({ outcome }));
    const approved = await settle("approve");
    expect(approved.status).toBe(201);
    const result = await approved.json();
    expect(result.payment).toMatchObject({
      id: challenge.payment_id,
      status: "succeeded",
      amount: 3920,
      card_last4: "3220",
    });
    expect(result.receipt.payment_id).toBe(challenge.payment_id);
    expect(result.redirect_url).toBe(
      `${DEMO_ORIGIN}/thank-you.html?status=success&receipt_id=${result.receipt.id}&plan_id=${result.payment.plan_id}&session_id=${DEMO.session}`,
    );
    expect(countRows(store, "memberships")).toBe(1);
    expect(store.promos.find(DEMO.company, "LAUNCH20")?.redemptions).toBe(1);

    // Settling again is idempotent; the opposite outcome is a conflict.
    const again = await settle("approve");
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(result);
    const conflict = await settle("fail");
    expect(conflict.status).toBe(409);
    expect((await conflict.json()).error.code).toBe("challenge_already_settled");
    expect(countRows(store, "receipts")).toBe(1);
  });

  it("declines the payment when the challenge fails", async () => {
    const { app, store } = createTestApp();
    const { payment_id } = await (await startChallenge(app)).json();
    const failed = await app.request(
      `/api/v1/payments/${payment_id}/challenge`,
      postJson({ outcome: "fail" }),
    );
    expect(failed.status).toBe(402);
    expect(await failed.json()).toEqual({
      error: {
        code: "card_declined",
        message: "Your card was declined. Try another card or contact your bank.",
      },
      payment_id,
    });
    expect(store.getPaymentDetails(payment_id)).toMatchObject({
      status: "failed",
      failure_code: "card_declined",
    });
    expect(countRows(store, "receipts")).toBe(0);
  });

  it("replays the 202 for a repeated Idempotency-Key without a second payment", async () => {
    const { app, store } = createTestApp();
    const headers = { "Idempotency-Key": "challenge-1" };
    const first = await (await startChallenge(app, {}, headers)).json();
    const second = await startChallenge(app, {}, headers);
    expect(second.status).toBe(202);
    expect(await second.json()).toEqual(first);
    expect(countRows(store, "payments")).toBe(1);
  });

  it("refuses to approve when the last unit sold while the buyer was challenged", async () => {
    const { app, store } = createTestApp();
    const plan = addPlan(store, { unlimited_stock: false, stock: 1 });
    const { payment_id } = await (await startChallenge(app, { plan_id: plan.id })).json();
    const direct = await app.request("/api/v1/payments", postJson(purchase({ plan_id: plan.id })));
    expect(direct.status).toBe(201);
    const approved = await app.request(
      `/api/v1/payments/${payment_id}/challenge`,
      postJson({ outcome: "approve" }),
    );
    expect(approved.status).toBe(422);
    expect((await approved.json()).error.code).toBe("sold_out");
    expect(store.getPaymentDetails(payment_id)).toMatchObject({
      status: "failed",
      failure_code: "sold_out",
    });
  });

  it("expires a challenge left unsettled for 15 minutes", async () => {
    const { app, store } = createTestApp();
    const { payment_id } = await (await startChallenge(app)).json();
    store.db
      .prepare("UPDATE payments SET created_at = ? WHERE id = ?")
      .run(new Date(Date.now() - 16 * 60_000).toISOString(), payment_id);
    const late = await app.request(
      `/api/v1/payments/${payment_id}/challenge`,
      postJson({ outcome: "approve" }),
    );
    expect(late.status).toBe(410);
    expect((await late.json()).error.code).toBe("challenge_expired");
    expect(store.getPaymentDetails(payment_id)).toMatchObject({
      status: "failed",
      failure_code: "challenge_expired",
    });
    expect(countRows(store, "receipts")).toBe(0);
  });

  it("answers 404, 409 and 400 for unknown payments, payments without a challenge and bad bodies", async () => {
    const { app } = createTestApp();
    const unknown = await app.request(
      "/api/v1/payments/pay_Missing/challenge",
      postJson({ outcome: "approve" }),
    );
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe("payment_not_found");

    const paid = await (await app.request("/api/v1/payments", postJson(purchase()))).json();
    const noChallenge = await app.request(
      `/api/v1/payments/${paid.payment.id}/challenge`,
      postJson({ outcome: "approve" }),
    );
    expect(noChallenge.status).toBe(409);
    expect((await noChallenge.json()).error.code).toBe("no_challenge");

    const bad = await app.request(
      `/api/v1/payments/${paid.payment.id}/challenge`,
      postJson({ outcome: "maybe" }),
    );
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.field).toBe("outcome");
    const malformed = await app.request(
      "/api/v1/payments/nope/challenge",
      postJson({ outcome: "fail" }),
    );
    expect(malformed.status).toBe(400);
  });
});

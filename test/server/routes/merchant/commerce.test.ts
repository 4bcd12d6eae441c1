import { describe, expect, it } from "vitest";
import { createApiKey, saveCompany } from "../../../../src/server/catalog.ts";
import { DEMO } from "../../../../src/server/seed.ts";
import { createTestApp, declineCard, postJson, successCard } from "../../../support/test-app.ts";

/** A test app with an API key for the demo company and one for a stranger company. */

function setup(limits: Parameters<typeof createTestApp>[0] = {}) {
  const { app, store } = createTestApp(limits);
  const { key } = createApiKey(store, DEMO.company, "test");
  const stranger = saveCompany(store, { title: "Someone Else" });
  const { key: strangerKey } = createApiKey(store, stranger.id, "theirs");
  const call = (method: string, path: string, body?: unknown, apiKey = key) =>
    app.request(`/api/v1${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${apiKey}`,
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return { app, store, key, strangerKey, stranger, call };
}

describe("server API checkout sessions", () => {
  it("creates a session with metadata and a redirect URL that the payment then carries", async () => {
    const { app, call } = setup();
    const created = await call("POST", "/checkout_sessions", {
      plan_id: DEMO.oneTimePlan,
      metadata: { order: "A-1", quantity: 2, gift: true },
      redirect_url: "https://shop.example/done",
      expires_in: 3600,
    });
    expect(created.status).toBe(201);
    const { session } = await created.json();
    expect(session).toMatchObject({
      plan_id: DEMO.oneTimePlan,
      metadata: { order: "A-1", quantity: 2, gift: true },
      redirect_url: "https://shop.example/done",
    });
    expect(session.id).toMatch(/^ch_/);
    const expiresIn = Date.parse(session.expires_at) - Date.now();
    expect(expiresIn).toBeGreaterThan(3500_000);
    expect(expiresIn).toBeLessThanOrEqual(3600_000);

    const full = await call("GET", `/checkout_sessions/${session.id}`);
    expect((await full.json()).session).toEqual(session);
    const publicView = await app.request(`/api/v1/checkout_sessions/${session.id}`);
    expect(Object.keys((await publicView.json()).session).sort()).toEqual([
      "expires_at",
      "id",
      "plan_id",
    ]);

    const paid = await app.request(
      "/api/v1/payments",
      postJson({
        plan_id: DEMO.oneTimePlan,
        session_id: session.id,
        email: "a@b.co",
        card: successCard,
      }),
    );
    const result = await paid.json();
    expect(result.redirect_url).toBe(
      `https://shop.example/done?status=success&receipt_id=${result.receipt.id}&plan_id=${DEMO.oneTimePlan}&session_id=${session.id}`,
    );
    const payment = await call("GET", `/payments/${result.payment.id}`);
    expect((await payment.json()).payment.metadata).toEqual({
      order: "A-1",
      quantity: 2,
      gift: true,
    });
  });

  it("names bad fields and refuses another company's plan or session", async () => {
    const { call, strangerKey } = setup();
    const cases: [unknown, string][] = [
      [{ plan_id: "nope" }, "plan_id"],
      [{ plan_id: DEMO.oneTimePlan, metadata: { a: { nested: 1 } } }, "metadata.a"],
      [{ plan_id: DEMO.oneTimePlan, redirect_url: "javascript:alert(1)" }, "redirect_url"],
      [{ plan_id: DEMO.oneTimePlan, expires_in: 5 }, "expires_in"],
    ];
    for (const [body, field] of cases) {
      const response = await call("POST", "/checkout_sessions", body);
      expect(response.status, field).toBe(400);
      expect((await response.json()).error.field).toBe(field);
    }
    expect((await call("POST", "/checkout_sessions", { plan_id: "plan_Missing" })).status).toBe(
      404,
    );
    const theirs = await call(
      "POST",
      "/checkout_sessions",
      { plan_id: DEMO.oneTimePlan },
      strangerKey,
    );
    expect(theirs.status).toBe(403);
    expect((await theirs.json()).error.code).toBe("forbidden");
    const read = await call("GET", `/checkout_sessions/${DEMO.session}`, undefined, strangerKey);
    expect(read.status).toBe(403);
  });
});

describe("server API payments, receipts and memberships", () => {
  it("lists and reads the company's payments, receipts and memberships", async () => {
    const { app, call, strangerKey } = setup();
    const buy = (card: typeof successCard, email: string) =>
      app.request("/api/v1/payments", postJson({ plan_id: DEMO.monthlyPlan, email, card }));
    const ok = await (await buy(successCard, "one@example.com")).json();
    await buy(declineCard, "two@example.com");

    const all = await (await call("GET", "/payments")).json();
    expect(all.payments.map((p: { status: string }) => p.status).sort()).toEqual([
      "failed",
      "succeeded",
    ]);
    const failed = await (await call("GET", "/payments?status=failed")).json();
    expect(failed.payments).toHaveLength(1);
    expect(failed.payments[0]).toMatchObject({
      failure_code: "card_declined",
      email: "two@example.com",
    });
    const limited = await (await call("GET", "/payments?limit=1")).json();
    expect(limited.payments).toHaveLength(1);
    expect((await call("GET", "/payments?limit=0")).status).toBe(400);
    expect((await call("GET", "/payments?status=weird")).status).toBe(400);

    const receipt = await call("GET", `/receipts/${ok.receipt.id}`);
    expect(receipt.status).toBe(200);
    expect((await receipt.json()).receipt).toEqual(ok.receipt);
    expect((await call("GET", "/receipts/r_Missing")).status).toBe(404);
    expect((await call("GET", `/receipts/${ok.receipt.id}`, undefined, strangerKey)).status).toBe(
      403,
    );
    expect((await call("GET", `/payments/${ok.payment.id}`, undefined, strangerKey)).status).toBe(
      403,
    );
    expect((await call("GET", "/payments/pay_Missing")).status).toBe(404);
    expect(
      (await (await call("GET", "/payments", undefined, strangerKey)).json()).payments,
    ).toEqual([]);

    const memberships = await (
      await call("GET", `/memberships?plan_id=${DEMO.monthlyPlan}`)
    ).json();
    expect(memberships.memberships).toHaveLength(1);
    expect(memberships.memberships[0]).toMatchObject({
      payment_id: ok.payment.id,
      email: "one@example.com",
      status: "active",
    });
    expect(memberships.memberships[0].renews_at).not.toBeNull();
    const byEmail = await (await call("GET", "/memberships?email=nobody@example.com")).json();
    expect(byEmail.memberships).toEqual([]);
  });
});

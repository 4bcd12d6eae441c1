import { describe, expect, it } from "vitest";
import { DEMO } from "../../src/server/seed.ts";
import {
  challengeCard,
  countRows,
  createTestApp,
  postJson,
  purchase,
} from "../support/test-app.ts";

describe("the redirect after a purchase", () => {
  it("prefers the embed's return URL to the redirect settings, and checks it", async () => {
    const { app, store } = createTestApp();
    const paid = await app.request(
      "/api/v1/payments",
      postJson(purchase({ return_url: "https://shop.example/thanks?ref=embed" })),
    );
    expect(paid.status).toBe(201);
    const body = await paid.json();
    expect(body.redirect_url).toBe(
      `https://shop.example/thanks?ref=embed&status=success&receipt_id=${body.receipt.id}&plan_id=${DEMO.oneTimePlan}`,
    );

    const before = countRows(store, "payments");
    for (const bad of ["javascript:alert(1)", "/relative", "ftp://x.example/"]) {
      const refused = await app.request(
        "/api/v1/payments",
        postJson(purchase({ return_url: bad })),
      );
      expect(refused.status).toBe(400);
      expect((await refused.json()).error.field).toBe("return_url");
    }
    expect(countRows(store, "payments")).toBe(before);
  });

  it("keeps the return URL across a challenge", async () => {
    const { app } = createTestApp();
    const started = await app.request(
      "/api/v1/payments",
      postJson(purchase({ card: challengeCard })),
    );
    const { payment_id } = await started.json();
    const approved = await app.request(
      `/api/v1/payments/${payment_id}/challenge`,
      postJson({ outcome: "approve", return_url: "https://shop.example/after" }),
    );
    const body = await approved.json();
    expect(body.redirect_url).toBe(
      `https://shop.example/after?status=success&receipt_id=${body.receipt.id}&plan_id=${DEMO.oneTimePlan}`,
    );
  });
});

import { createHash, createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { requestFingerprint } from "../../../src/server/payments/fingerprint.ts";

const card = { number: "4242424242424242", exp_month: 12, exp_year: 2034, cvc: "123" };
const body = { plan_id: "plan_A1", email: "ana@example.com", card };
const secret = Buffer.alloc(32, 7);

describe("requestFingerprint", () => {
  it("is the same for the same body and secret, and differs with another secret", () => {
    expect(requestFingerprint(secret, body)).toBe(requestFingerprint(secret, { ...body }));
    expect(requestFingerprint(Buffer.alloc(32, 8), body)).not.toBe(
      requestFingerprint(secret, body),
    );
  });

  it("changes with any field but the CVC, which it never reads", () => {
    const base = requestFingerprint(secret, body);
    expect(requestFingerprint(secret, { ...body, email: "bo@example.com" })).not.toBe(base);
    expect(requestFingerprint(secret, { ...body, card: { ...card, exp_year: 2035 } })).not.toBe(
      base,
    );
    expect(requestFingerprint(secret, { ...body, card: { ...card, cvc: "999" } })).toBe(base);
  });

  it("is not an unkeyed hash of the body, the card or the number", () => {
    const fingerprint = requestFingerprint(secret, body);
    const unkeyed = [
      JSON.stringify(body),
      JSON.stringify(card),
      JSON.stringify({ ...body, card: { number: card.number, exp_month: 12, exp_year: 2034 } }),
      card.number,
    ].flatMap((text) => [
      createHash("sha256").update(text).digest("hex"),
      createHmac("sha256", "").update(text).digest("hex"),
    ]);
    expect(unkeyed).not.toContain(fingerprint);
    expect(fingerprint).toBe(
      createHmac("sha256", secret)
        .update(
          JSON.stringify({ ...body, card: { number: card.number, exp_month: 12, exp_year: 2034 } }),
        )
        .digest("hex"),
    );
  });
});

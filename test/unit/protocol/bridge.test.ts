import { describe, expect, it } from "vitest";
import {
  isHandshake,
  parseFrameMessage,
  parseHostMessage,
  warningMessage,
} from "../../../src/protocol/index.ts";

const detail = {
  status: "success",
  plan_id: "plan_abc123",
  receipt_id: "r_abc123",
  session_id: null,
  redirect_url: "https://shop.example/thanks",
  amount: 3920,
  currency: "usd",
  promo_code: "LAUNCH20",
};

describe("parseFrameMessage", () => {
  it("accepts each well-formed message and returns a copy with only known keys", () => {
    expect(parseFrameMessage({ v: 1, type: "ready" })).toEqual({ v: 1, type: "ready" });
    expect(parseFrameMessage({ v: 1, type: "resize", height: 512, extra: 1 })).toEqual({
      v: 1,
      type: "resize",
      height: 512,
    });
    expect(parseFrameMessage({ v: 1, type: "state", state: "processing" })).toEqual({
      v: 1,
      type: "state",
      state: "processing",
    });
    expect(parseFrameMessage({ v: 1, type: "complete", ...detail, extra: "x" })).toEqual({
      v: 1,
      type: "complete",
      ...detail,
    });
    const removed = { v: 1, type: "promo-code-changed", code: null, total: 4900, currency: "usd" };
    expect(parseFrameMessage(removed)).toEqual(removed);
    const captured = { v: 1, type: "email-captured", email: "ana@example.com" };
    expect(parseFrameMessage(captured)).toEqual(captured);
  });

  it("takes amounts as whole, non-negative minor units of any size", () => {
    const promo = { v: 1, type: "promo-code-changed", code: "X", currency: "jpy" };
    expect(parseFrameMessage({ ...promo, total: 25_000_000 })).not.toBeNull();
    for (const total of [-1, 1.5, "100", Number.NaN, 2 ** 60]) {
      expect(parseFrameMessage({ ...promo, total })).toBeNull();
    }
    expect(parseFrameMessage({ v: 1, type: "complete", ...detail, amount: undefined })).toBeNull();
  });

  it("rejects a wrong version, unknown type, wrong field type or oversized text", () => {
    expect(parseFrameMessage({ v: 2, type: "ready" })).toBeNull();
    expect(parseFrameMessage({ v: 1, type: "navigate" })).toBeNull();
    expect(parseFrameMessage({ v: 1, type: "toString" })).toBeNull();
    expect(parseFrameMessage({ v: 1, type: "resize", height: "512" })).toBeNull();
    expect(parseFrameMessage({ v: 1, type: "resize", height: -1 })).toBeNull();
    expect(parseFrameMessage({ v: 1, type: "state", state: "hacked" })).toBeNull();
    expect(
      parseFrameMessage({ v: 1, type: "error", code: "x", message: "y".repeat(5000) }),
    ).toBeNull();
    expect(parseFrameMessage({ v: 1, type: "complete", ...detail, plan_id: "x" })).toBeNull();
    expect(parseFrameMessage({ v: 1, type: "complete", ...detail, status: "failed" })).toBeNull();
    // The fields are flat, as in every message: a nested `detail` is not a complete message.
    expect(parseFrameMessage({ v: 1, type: "complete", detail })).toBeNull();
    expect(parseFrameMessage(null)).toBeNull();
    expect(parseFrameMessage("ready")).toBeNull();
  });

  it("keeps prototype-pollution keys inert", () => {
    const hostile = JSON.parse(
      '{"v":1,"type":"complete","status":"success","plan_id":"plan_a1","receipt_id":"r_b2","session_id":null,"redirect_url":null,"amount":3920,"currency":"usd","promo_code":"LAUNCH20","__proto__":{"polluted":true}}',
    );
    const parsed = parseFrameMessage(hostile);
    expect(parsed).not.toBeNull();
    expect(Object.keys(parsed!)).toEqual(["v", "type", ...Object.keys(detail)]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Inherited keys do not count as present.
    const inherited = Object.create({ v: 1, type: "ready" });
    expect(parseFrameMessage(inherited)).toBeNull();
  });
});

describe("warning messages", () => {
  it("carry one bounded text", () => {
    expect(parseFrameMessage({ v: 1, type: "warning", message: "bad theme" })).toEqual({
      v: 1,
      type: "warning",
      message: "bad theme",
    });
    expect(parseFrameMessage({ v: 1, type: "warning", message: 1 })).toBeNull();
    expect(parseFrameMessage({ v: 1, type: "warning", message: "x".repeat(3000) })).toBeNull();
  });

  it("are cut on the sending side to what the parser accepts, so a long one still arrives", () => {
    expect(warningMessage("bad theme")).toEqual({ v: 1, type: "warning", message: "bad theme" });
    const long = parseFrameMessage(warningMessage("x".repeat(3000))) as { message: string } | null;
    expect(long?.message).toBe(`${"x".repeat(2047)}…`);
    expect(parseFrameMessage(warningMessage("y".repeat(2048)))).toMatchObject({
      message: "y".repeat(2048),
    });
  });
});

describe("address messages", () => {
  const address = {
    name: "Ada",
    line1: "1 Main St",
    line2: "",
    city: "Springfield",
    state: "IL",
    postalCode: "62701",
    country: "US",
  };

  it("answer getAddress with every part of the address, nothing else", () => {
    const answer = { v: 1, type: "address", id: 3, address, isComplete: true };
    expect(parseFrameMessage(answer)).toEqual(answer);
    const { line2: _line2, ...partial } = address;
    expect(parseFrameMessage({ ...answer, address: partial })).toBeNull();
    expect(parseFrameMessage({ ...answer, address: { ...partial, extra: "" } })).toBeNull();
    expect(parseFrameMessage({ ...answer, address: { ...address, city: 1 } })).toBeNull();
    expect(parseFrameMessage({ ...answer, isComplete: "yes" })).toBeNull();
  });

  it("report a refused buyer detail with its field, code and sentence", () => {
    const refusal = {
      v: 1,
      type: "address-validation-error",
      field: "shipping_address.postal_code",
      error_code: "invalid",
      error_message: "Enter a valid postal code for United Kingdom.",
    };
    expect(parseFrameMessage(refusal)).toEqual(refusal);
    expect(parseFrameMessage({ ...refusal, error_code: "bad" })).toBeNull();
  });

  it("take setAddress's object from the page (its parts are read as text only, where used)", () => {
    const message = { v: 1, type: "set-address", address: { line1: "1 Main St" } };
    expect(parseHostMessage(message)).toEqual(message);
    for (const address of [null, undefined, "1 Main St", 7]) {
      expect(parseHostMessage({ ...message, address }), String(address)).toBeNull();
    }
    expect(parseHostMessage({ v: 1, type: "get-address", id: 1 })).toEqual({
      v: 1,
      type: "get-address",
      id: 1,
    });
    expect(parseHostMessage({ v: 1, type: "get-address" })).toBeNull();
  });
});

describe("parseHostMessage and isHandshake", () => {
  it("accepts host commands and rejects malformed ones", () => {
    expect(parseHostMessage({ v: 1, type: "theme", theme: "dark" })).toEqual({
      v: 1,
      type: "theme",
      theme: "dark",
    });
    // The checkout checks the theme's value itself (and warns), as it does at load.
    expect(parseHostMessage({ v: 1, type: "theme", theme: null })).not.toBeNull();
    expect(parseHostMessage({ v: 1, type: "theme", theme: 7 })).toBeNull();
    expect(parseHostMessage({ v: 1, type: "theme", theme: "x".repeat(3000) })).toBeNull();
    expect(parseHostMessage({ v: 1, type: "submit" })).toEqual({ v: 1, type: "submit" });
    expect(parseHostMessage({ v: 1, type: "ready" })).toBeNull();
  });

  it("takes back what the checkout asked to keep: email, name and country, nothing else", () => {
    const kept = { v: 1, type: "keep", email: "ana@example.com", name: "Ana", country: "DE" };
    expect(parseFrameMessage(kept)).toEqual(kept);
    expect(parseHostMessage({ ...kept, cardNumber: "4242424242424242" })).toEqual(kept);
    expect(parseHostMessage({ ...kept, country: 49 })).toBeNull();
    expect(parseHostMessage({ v: 1, type: "keep", email: "ana@example.com" })).toBeNull();
    // With the buyer details typed so far: those fields only, as text.
    const details = { "shipping_address.line1": "10 Downing Street", phone: "020 7946 0018" };
    expect(parseHostMessage({ ...kept, details })).toEqual({ ...kept, details });
    for (const wrong of [{ cardNumber: "4242424242424242" }, { phone: 1 }, "phone", null]) {
      expect(parseHostMessage({ ...kept, details: wrong }), JSON.stringify(wrong)).toBeNull();
    }
    // What the loader posts when it has nothing to hand back.
    expect(parseHostMessage(undefined)).toBeNull();
  });

  it("matches only the expected handshake type and channel", () => {
    expect(
      isHandshake({ type: "whop-checkout:hello", channel: "abc" }, "whop-checkout:hello", "abc"),
    ).toBe(true);
    expect(
      isHandshake({ type: "whop-checkout:hello", channel: "abd" }, "whop-checkout:hello", "abc"),
    ).toBe(false);
    expect(
      isHandshake({ type: "whop-checkout:connect", channel: "abc" }, "whop-checkout:hello", "abc"),
    ).toBe(false);
  });
});

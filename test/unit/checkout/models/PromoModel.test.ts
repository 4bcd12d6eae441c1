import { signal } from "@preact/signals";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createPromoModel } from "../../../../src/checkout/models/PromoModel.ts";
import { useEnglish } from "../setup.ts";
import { fakeFetch, QUOTE, refusal, VIEW } from "./fake-platform.ts";

beforeAll(useEnglish);
afterEach(() => vi.unstubAllGlobals());

const promoFor = () => createPromoModel(signal(VIEW.plan));

describe("promo code", () => {
  it("prices a code for the plan, and forgets it when removed", async () => {
    const calls = fakeFetch([{ status: 200, body: QUOTE }]);
    const promo = promoFor();
    promo.code.value = " launch20 ";
    await promo.apply();
    expect(calls[0]).toMatchObject({
      url: "/api/v1/plans/plan_T1/quote",
      body: { promo_code: "launch20" },
    });
    expect(promo.quote.value?.total).toBe(3920);
    expect(promo.busy.value).toBe(false);
    promo.remove();
    expect([promo.quote.value, promo.code.value, promo.error.value]).toEqual([null, "", null]);
  });

  it("asks for a code before calling the platform", async () => {
    const calls = fakeFetch([]);
    const promo = promoFor();
    await promo.apply();
    expect(promo.error.value).toBe("Enter a promo code.");
    expect(calls).toHaveLength(0);
  });

  it("explains unknown, expired and used-up codes", async () => {
    fakeFetch([
      refusal(404, "promo_not_found"),
      refusal(422, "promo_expired"),
      refusal(422, "promo_used_up"),
    ]);
    const promo = promoFor();
    promo.code.value = "nope";
    await promo.apply();
    expect(promo.error.value).toMatch(/isn't valid/);
    await promo.apply();
    expect(promo.error.value).toBe("This promo code has expired.");
    await promo.apply();
    expect(promo.error.value).toBe("This promo code has been fully redeemed.");
    expect(promo.quote.value).toBeNull();
  });

  it("tells a failed call from a bad code", async () => {
    fakeFetch(["network", refusal(429, "rate_limited"), { status: 500, body: {} }]);
    const promo = promoFor();
    promo.code.value = "LAUNCH20";
    await promo.apply();
    expect(promo.error.value).toMatch(/couldn't reach the checkout server/);
    await promo.apply();
    expect(promo.error.value).toBe("Too many attempts. Wait a minute, then try again.");
    await promo.apply();
    expect(promo.error.value).toMatch(/went wrong on our side/);
  });

  it("does nothing before the plan is loaded", async () => {
    const calls = fakeFetch([]);
    const promo = createPromoModel(signal(null));
    promo.code.value = "LAUNCH20";
    await promo.apply();
    expect(calls).toHaveLength(0);
    expect(promo.error.value).toBeNull();
  });
});

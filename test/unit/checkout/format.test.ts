import { describe, expect, it } from "vitest";
import { dueToday, periodLabel, priceText } from "../../../src/checkout/format.ts";
import type { PublicPlan } from "../../../src/protocol.ts";

const plan = (overrides: Partial<PublicPlan>): PublicPlan => ({
  id: "plan_x1",
  plan_type: "one_time",
  release_method: "buy_now",
  visibility: "visible",
  base_currency: "usd",
  initial_price: 1000,
  renewal_price: 0,
  billing_period: null,
  trial_period_days: null,
  expiration_days: null,
  unlimited_stock: true,
  stock: 0,
  description: null,
  custom_fields: [],
  ...overrides,
});

describe("price text", () => {
  it("describes one-time and renewal plans", () => {
    expect(priceText(plan({}), "en-US")).toBe("$10.00");
    expect(
      priceText(
        plan({
          plan_type: "renewal",
          initial_price: 2000,
          renewal_price: 2000,
          billing_period: 30,
        }),
        "en-US",
      ),
    ).toBe("$20.00 / month");
    expect(
      priceText(
        plan({ plan_type: "renewal", initial_price: 500, renewal_price: 2000, billing_period: 30 }),
        "en-US",
      ),
    ).toBe("$5.00 today, then $20.00 / month");
    expect(
      priceText(
        plan({
          plan_type: "renewal",
          initial_price: 2000,
          renewal_price: 2000,
          billing_period: 365,
          trial_period_days: 7,
        }),
        "en-US",
      ),
    ).toBe("7-day free trial, then $20.00 / year");
    expect(priceText(plan({ expiration_days: 30 }), "en-US")).toBe("$10.00 for 30 days of access");
  });

  it("names billing periods", () => {
    expect([7, 30, 31, 365, 45].map(periodLabel)).toEqual([
      "week",
      "month",
      "month",
      "year",
      "45 days",
    ]);
  });

  it("charges nothing today during a free trial", () => {
    expect(dueToday(plan({ trial_period_days: 7, initial_price: 2000 }))).toBe(0);
    expect(dueToday(plan({ initial_price: 2000 }))).toBe(2000);
  });
});

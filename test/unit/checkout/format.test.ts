import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { priceText } from "../../../src/checkout/format.ts";
import { setCatalog } from "../../../src/checkout/i18n.ts";
import { resolveCatalog } from "../../../src/locales/index.ts";
import type { PublicPlan } from "../../../src/protocol/index.ts";
import { publicPlan } from "./models/fake-platform.ts";
import { useEnglish } from "./setup.ts";

beforeAll(useEnglish);

/** A language as the shell inlines it, without the text formatted ahead: Intl makes it all. */
const inlined = (tag: string) => ({ ...resolveCatalog(tag), countries: [], prices: {} });
afterAll(useEnglish);

const plan = (overrides: Partial<PublicPlan>) =>
  publicPlan({ id: "plan_x1", initial_price: 1000, ...overrides });

const monthly = { plan_type: "renewal", initial_price: 2000, renewal_price: 2000 } as const;
// Intl separates some codes from amounts with no-break spaces; compare with plain spaces.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

describe("price text", () => {
  it("describes one-time and renewal plans", () => {
    expect(priceText(plan({}))).toBe("$10.00");
    expect(priceText(plan({ ...monthly, billing_period: 30 }))).toBe("$20.00 / month");
    expect(priceText(plan({ ...monthly, initial_price: 500, billing_period: 30 }))).toBe(
      "$5.00 today, then $20.00 / month",
    );
    expect(priceText(plan({ ...monthly, billing_period: 365, trial_period_days: 7 }))).toBe(
      "7-day free trial, then $20.00 / year",
    );
    expect(priceText(plan({ expiration_days: 30 }))).toBe("$10.00 for 30 days of access");
    // A promo code's renewal price replaces the list price.
    expect(priceText(plan({ ...monthly, billing_period: 7 }), 1500)).toBe("$15.00 / week");
  });

  it("names billing periods, and counts days otherwise", () => {
    const text = (days: number) => priceText(plan({ ...monthly, billing_period: days }));
    expect([1, 7, 30, 31, 365, 45].map(text)).toEqual([
      "$20.00 / day",
      "$20.00 / week",
      "$20.00 / month",
      "$20.00 / month",
      "$20.00 / year",
      "$20.00 every 45 days",
    ]);
  });

  it("uses the buyer's language and number format", () => {
    setCatalog(inlined("de-DE"));
    expect(plain(priceText(plan({ ...monthly, billing_period: 30, base_currency: "eur" })))).toBe(
      "20,00 € / Monat",
    );
    setCatalog(inlined("ja"));
    expect(priceText(plan({ initial_price: 1500, base_currency: "jpy" }))).toBe("￥1,500");
    setCatalog(inlined("pt-BR"));
    expect(plain(priceText(plan({ ...monthly, billing_period: 365, trial_period_days: 14 })))).toBe(
      "14 dias de teste grátis, depois US$ 20,00 / ano",
    );
    useEnglish();
  });
});

import { formatMoney } from "../money.ts";
import type { PublicPlan } from "../protocol.ts";

/** "week", "month", "year" for the usual billing periods; "every N days" otherwise. */
export function periodLabel(days: number): string {
  if (days === 1) return "day";
  if (days === 7) return "week";
  if (days === 14) return "2 weeks";
  if (days === 30 || days === 31) return "month";
  if (days === 90) return "3 months";
  if (days === 365 || days === 366) return "year";
  return `${days} days`;
}

/** What the buyer pays now: nothing during a free trial, else the initial price. */
export const dueToday = (plan: PublicPlan): number =>
  plan.trial_period_days ? 0 : plan.initial_price;

/**
 * The price line for a plan: "$49.00", "$20.00 / month", "$5.00 today, then $20.00 / month",
 * "7-day free trial, then $20.00 / month".
 */
export function priceText(plan: PublicPlan, locale?: string): string {
  const money = (minor: number) => formatMoney(minor, plan.base_currency, locale);
  if (plan.plan_type === "one_time" || !plan.billing_period) {
    const price = money(plan.initial_price);
    return plan.expiration_days ? `${price} for ${plan.expiration_days} days of access` : price;
  }
  const recurring = `${money(plan.renewal_price)} / ${periodLabel(plan.billing_period)}`;
  if (plan.trial_period_days) return `${plan.trial_period_days}-day free trial, then ${recurring}`;
  if (plan.initial_price !== plan.renewal_price) {
    return `${money(plan.initial_price)} today, then ${recurring}`;
  }
  return recurring;
}

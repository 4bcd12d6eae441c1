import { formatMoney } from "../money.ts";
import type { PublicPlan } from "../protocol/index.ts";
import { locale, t } from "./i18n.ts";

/** Money in the buyer's locale. */
export const money = (minor: number, currency: string) => formatMoney(minor, currency, locale);

/** "{p} / week" style template for a billing period in days; "every N days" otherwise. */
function recurringText(price: string, days: number): string {
  const key =
    days === 1
      ? "perDay"
      : days === 7
        ? "perWeek"
        : days === 30 || days === 31
          ? "perMonth"
          : days === 365 || days === 366
            ? "perYear"
            : "perDays";
  return t(key, { p: price, n: days });
}

const isRecurring = (plan: PublicPlan) => plan.plan_type === "renewal" && !!plan.billing_period;

/**
 * The price line for a plan: "$49.00", "$20.00 / month", "$5.00 today, then $20.00 / month",
 * "7-day free trial, then $20.00 / month". `renewal` overrides the renewal price (a promo).
 */
export function priceText(plan: PublicPlan, renewal = plan.renewal_price): string {
  const price = (minor: number) => money(minor, plan.base_currency);
  if (!isRecurring(plan)) {
    const text = price(plan.initial_price);
    return plan.expiration_days ? t("access", { p: text, n: plan.expiration_days }) : text;
  }
  const recurring = recurringText(price(renewal), plan.billing_period!);
  if (plan.trial_period_days) return t("trialThen", { n: plan.trial_period_days, p: recurring });
  if (plan.initial_price !== plan.renewal_price) {
    return t("thenToday", { a: price(plan.initial_price), p: recurring });
  }
  return recurring;
}

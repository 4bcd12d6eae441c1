import { dueToday } from "../money.ts";
import type { ErrorCode, Quote } from "../protocol/index.ts";
import { HttpError } from "./http/http-error.ts";
import type { Store } from "./store/interface.ts";
import type { PromoRecord } from "./store/promos.ts";
import type { PlanContext, PlanRecord } from "./store/records.ts";

/** A promo's discount on `price` minor units: never more than the price itself. */
function discountOn(price: number, promo: PromoRecord | null): number {
  if (!promo) return 0;
  if (promo.percent_off !== null) return Math.round((price * promo.percent_off) / 100);
  return Math.min(promo.amount_off ?? 0, price);
}

/**
 * Looks up the promo code a buyer typed for a plan. Unknown → 404; expired, used up or not
 * valid for this plan → 422, each with its own code, all naming `promo_code`.
 */
export function findPromo(
  store: Store,
  context: PlanContext,
  code: string | undefined,
  now = Date.now(),
): PromoRecord | null {
  if (code === undefined || code.trim() === "") return null;
  const promo = store.promos.find(context.company.id, code);
  const refuse = (status: 404 | 422, errorCode: ErrorCode, message: string) =>
    new HttpError(status, errorCode, message, "promo_code");
  if (!promo) throw refuse(404, "promo_not_found", `The promo code ${code.trim()} does not exist.`);
  if (promo.expires_at && Date.parse(promo.expires_at) <= now) {
    throw refuse(422, "promo_expired", `The promo code ${promo.code} has expired.`);
  }
  if (promo.max_redemptions !== null && promo.redemptions >= promo.max_redemptions) {
    throw refuse(422, "promo_used_up", `The promo code ${promo.code} has been fully redeemed.`);
  }
  const forPlan = promo.plan_ids.length === 0 || promo.plan_ids.includes(context.plan.id);
  const sameCurrency = promo.currency === null || promo.currency === context.plan.base_currency;
  if (!forPlan || !sameCurrency) {
    throw refuse(
      422,
      "promo_not_applicable",
      `The promo code ${promo.code} is not valid for this plan.`,
    );
  }
  return promo;
}

/** The price of a plan after an (already checked) promo code. */
export function quote(plan: PlanRecord, promo: PromoRecord | null): Quote {
  const subtotal = dueToday(plan);
  const discount = discountOn(subtotal, promo);
  return {
    plan_id: plan.id,
    currency: plan.base_currency,
    subtotal,
    discount,
    total: subtotal - discount,
    renewal_total:
      plan.plan_type === "renewal"
        ? plan.renewal_price - discountOn(plan.renewal_price, promo)
        : null,
    promo: promo
      ? { code: promo.code, percent_off: promo.percent_off, amount_off: promo.amount_off }
      : null,
  };
}

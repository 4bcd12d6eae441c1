import type { PlanContext, SessionRecord } from "./store/records.ts";

/**
 * Where the loader sends the buyer after a purchase, or null to stay: the embed's return URL,
 * else the session's redirect setting, else the product's, else the company's. The purchase
 * rides along in the query (`status`, `receipt_id`, `plan_id`, `session_id`) so the page there
 * can confirm the receipt from its server. Every source is an http(s) URL, checked on input.
 */
export function purchaseRedirect(
  returnUrl: string | undefined,
  context: PlanContext,
  session: SessionRecord | null,
  receipt: { id: string },
): string | null {
  const base =
    returnUrl ??
    session?.redirect_url ??
    context.product.redirect_url ??
    context.company.redirect_url ??
    null;
  if (!base) return null;
  const url = new URL(base);
  url.searchParams.set("status", "success");
  url.searchParams.set("receipt_id", receipt.id);
  url.searchParams.set("plan_id", context.plan.id);
  if (session) url.searchParams.set("session_id", session.id);
  return url.href;
}

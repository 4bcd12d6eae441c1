import { vi } from "vitest";
import type { EmbedConfig, PlanView, PublicPlan } from "../../../../src/protocol/index.ts";

/** The settings the shell inlines for `?planId=plan_T1`, with `overrides`. */
export const config = (overrides: Partial<EmbedConfig> = {}): EmbedConfig => ({
  planId: "plan_T1",
  sessionId: null,
  theme: "system",
  style: {},
  themeButtonText: null,
  prefillEmail: "",
  prefillName: "",
  details: null,
  prefillDetails: {},
  hideAddress: false,
  country: "US",
  hideEmail: false,
  disableEmail: false,
  promoCode: null,
  hidePrice: false,
  hideSubmitButton: false,
  hideTos: false,
  affiliateCode: null,
  returnUrl: null,
  skipRedirect: false,
  utm: {},
  channel: "",
  origin: "",
  warnings: [],
  ...overrides,
});

/** A buy-now plan as the platform shows it (`plan_T1`, $49 one-time), with `overrides`. */
export const publicPlan = (overrides: Partial<PublicPlan> = {}): PublicPlan => ({
  id: "plan_T1",
  plan_type: "one_time",
  release_method: "buy_now",
  visibility: "visible",
  base_currency: "usd",
  initial_price: 4900,
  renewal_price: 0,
  billing_period: null,
  trial_period_days: null,
  expiration_days: null,
  unlimited_stock: true,
  stock: 0,
  description: null,
  custom_fields: [],
  collect_address: false,
  collect_shipping: false,
  collect_phone: false,
  ...overrides,
});

export const VIEW: PlanView = {
  plan: publicPlan(),
  product: {
    id: "prod_1",
    title: "Course",
    headline: null,
    description: null,
    logo_url: null,
    route: "course",
    terms_url: null,
  },
  company: { id: "biz_1", title: "Acme" },
};

export type Reply = { status: number; body: unknown } | "network";

export interface Call {
  url: string;
  key: string | undefined;
  body: Record<string, unknown> | undefined;
}

/**
 * A fake platform: answers every read (GET) with `view`, then each POST with the next reply.
 * Returns the POSTs it saw.
 */
export function fakeFetch(replies: Reply[], view: PlanView = VIEW) {
  const calls: Call[] = [];
  vi.stubGlobal("fetch", async (url: string, init?: RequestInit) => {
    if (!init) return new Response(JSON.stringify(view), { status: 200 });
    const headers = (init.headers ?? {}) as Record<string, string>;
    calls.push({
      url,
      key: headers["Idempotency-Key"],
      body: JSON.parse(init.body as string),
    });
    const reply = replies.shift()!;
    if (reply === "network") throw new TypeError("Failed to fetch");
    return new Response(JSON.stringify(reply.body), { status: reply.status });
  });
  return calls;
}

/** An API error body as the platform sends it. */
export const refusal = (status: number, code: string, message = "x", field?: string): Reply => ({
  status,
  body: { error: { code, message, ...(field && { field }) } },
});

/** A fake platform for reads only: each path answers with its status and body, others 404. */
export function fakeReads(routes: Record<string, [status: number, body: unknown]>) {
  vi.stubGlobal("fetch", async (url: string) => {
    const [status, body] = routes[url] ?? [404, { error: { code: "not_found", message: "x" } }];
    return new Response(JSON.stringify(body), { status });
  });
}

/** The platform's answer to a payment that succeeded. */
export const RESULT = {
  payment: { id: "pay_1", plan_id: "plan_T1", session_id: null },
  receipt: { id: "r_1", amount: 4900, currency: "usd", email: "a@b.co" },
  redirect_url: null,
};

/** The platform's price for the plan with the code LAUNCH20 (20 % off). */
export const QUOTE = {
  plan_id: "plan_T1",
  currency: "usd",
  subtotal: 4900,
  discount: 980,
  total: 3920,
  renewal_total: null,
  promo: { code: "LAUNCH20", percent_off: 20, amount_off: null },
};

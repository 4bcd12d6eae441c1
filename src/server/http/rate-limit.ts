import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context, MiddlewareHandler } from "hono";
import { rateLimiter } from "hono-rate-limiter";
import { hashApiKey } from "../store/api-keys.ts";
import { errorResponse, HttpError } from "./http-error.ts";

interface Limit {
  limit: number;
  windowMs: number;
}

export interface RateLimits {
  /**
   * Failed payment attempts (invalid requests and declines) per client IP: card testing shows
   * up as a run of declines. Past it that address is refused; no one else is.
   */
  paymentFailuresPerIp: Limit;
  /**
   * Card declines per plan, from any number of IPs. Past it that plan's payments wait
   * `delayMs` each: slowed, never refused, so no one can deny a plan to its buyers. Only
   * declines count (a decline names a real plan and costs a card check), not invalid requests.
   */
  paymentFailuresPerPlan: Limit & { delayMs: number };
  /** Server API requests per API key. */
  apiRequestsPerKey: Limit;
  /** Failed quotes (unknown or unusable promo codes) per client IP: no guessing codes. */
  quoteFailuresPerIp: Limit;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  paymentFailuresPerIp: { limit: 30, windowMs: 15 * 60_000 },
  paymentFailuresPerPlan: { limit: 300, windowMs: 15 * 60_000, delayMs: 2_000 },
  apiRequestsPerKey: { limit: 600, windowMs: 60_000 },
  quoteFailuresPerIp: { limit: 60, windowMs: 15 * 60_000 },
};

/** The socket's address; requests that did not come over a socket (tests) share one bucket. */
function clientIp(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}

/** The plan a payment body names, read without trusting it (the route validates it later). */
async function planOfBody(c: Context): Promise<string> {
  try {
    const body = JSON.parse(await c.req.text()) as { plan_id?: unknown };
    return typeof body.plan_id === "string" ? body.plan_id.slice(0, 80) : "none";
  } catch {
    return "none";
  }
}

/**
 * Slows payments for a plan that saw more than `limit` declines in the current window. A
 * decline (402) names a plan that exists, so the map holds real plans only.
 */
function planSlowdown({ limit, windowMs, delayMs }: RateLimits["paymentFailuresPerPlan"]) {
  const windows = new Map<string, { declines: number; endsAt: number }>();
  const current = (plan: string, now: number) => {
    const window = windows.get(plan);
    return window && window.endsAt > now ? window : undefined;
  };
  const middleware: MiddlewareHandler = async (c, next) => {
    const plan = await planOfBody(c);
    if ((current(plan, Date.now())?.declines ?? 0) >= limit) {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
    await next();
    if (c.res.status !== 402) return;
    const now = Date.now();
    const window = current(plan, now) ?? { declines: 0, endsAt: now + windowMs };
    window.declines += 1;
    windows.set(plan, window);
  };
  return middleware;
}

function limiter(
  { limit, windowMs }: Limit,
  keyGenerator: (c: Context) => string | Promise<string>,
  options: { failuresOnly?: boolean; skip?: (c: Context) => boolean } = {},
): MiddlewareHandler {
  return rateLimiter({
    limit,
    windowMs,
    keyGenerator,
    standardHeaders: "draft-6",
    skipSuccessfulRequests: options.failuresOnly ?? false,
    skip: options.skip ?? (() => false),
    // hono-rate-limiter has set Retry-After by the time this runs.
    handler: (c) =>
      errorResponse(
        c,
        new HttpError(
          429,
          "rate_limited",
          `Too many requests. Try again in ${c.res.headers.get("Retry-After") ?? "a few"} seconds.`,
        ),
      ),
  });
}

export const paymentLimiters = (limits: RateLimits): [MiddlewareHandler, MiddlewareHandler] => [
  limiter(limits.paymentFailuresPerIp, (c) => `ip:${clientIp(c)}`, { failuresOnly: true }),
  planSlowdown(limits.paymentFailuresPerPlan),
];

export const quoteLimiter = (limits: RateLimits): MiddlewareHandler =>
  limiter(limits.quoteFailuresPerIp, (c) => `quote:${clientIp(c)}`, { failuresOnly: true });

/**
 * Framing checks and violation reports (/embed/allowed, /embed/csp-report) per client IP: a
 * page asks once per embed whose hello is late, a browser reports once per refused frame.
 */
export const framingLimiter = (): MiddlewareHandler =>
  limiter({ limit: 120, windowMs: 60_000 }, (c) => `framing:${clientIp(c)}`);

/** Counts requests per API key (hashed); requests without a key are left to the route's 401. */
export const apiKeyLimiter = (limits: RateLimits): MiddlewareHandler =>
  limiter(
    limits.apiRequestsPerKey,
    (c) => `key:${hashApiKey(c.req.header("authorization") ?? "")}`,
    {
      skip: (c) => !c.req.header("authorization"),
    },
  );

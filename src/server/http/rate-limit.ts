import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context, MiddlewareHandler } from "hono";
import { RateLimiterRes } from "rate-limiter-flexible";
import { hashApiKey } from "../store/api-keys.ts";
import type { Store } from "../store/interface.ts";
import { bodyJson } from "./body.ts";
import { errorResponse, HttpError } from "./http-error.ts";

interface Limit {
  limit: number;
  windowMs: number;
}

/**
 * Every counter lives where the store keeps them (`Store.rateCounter`): in the database, shared
 * by every instance, on PostgreSQL; in memory for SQLite's single process.
 */
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
    const body = (await bodyJson(c)) as { plan_id?: unknown };
    return typeof body.plan_id === "string" ? body.plan_id.slice(0, 80) : "none";
  } catch {
    return "none";
  }
}

type Counters = Store["rateCounter"];

/**
 * Slows payments for a plan that saw more than `limit` declines in the current window. A
 * decline (402) names a plan that exists, so the counters hold real plans only.
 */
function planSlowdown(
  counters: Counters,
  { limit, windowMs, delayMs }: RateLimits["paymentFailuresPerPlan"],
): MiddlewareHandler {
  const declines = counters("plan", limit, windowMs);
  return async (c, next) => {
    const plan = await planOfBody(c);
    if (((await declines.get(plan))?.consumedPoints ?? 0) >= limit) {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
    await next();
    if (c.res.status === 402) await declines.penalty(plan);
  };
}

/** The draft-6 `RateLimit-*` headers, on answers within the limit and on refusals alike. */
function setLimitHeaders(c: Context, { limit, windowMs }: Limit, state: RateLimiterRes) {
  c.header("RateLimit-Policy", `${limit};w=${Math.ceil(windowMs / 1000)}`);
  c.header("RateLimit-Limit", String(limit));
  c.header("RateLimit-Remaining", String(state.remainingPoints));
  c.header("RateLimit-Reset", String(Math.ceil(state.msBeforeNext / 1000)));
}

/**
 * Counts each request under `counter`'s key and refuses past the limit with 429, Retry-After
 * and a `rate_limited` error. With `failuresOnly`, a request that succeeds (below 400) is
 * given its point back once answered, so only failures add up (concurrent ones included).
 */
function limiter(
  counters: Counters,
  name: string,
  window: Limit,
  keyOf: (c: Context) => string | Promise<string>,
  options: { failuresOnly?: boolean; skip?: (c: Context) => boolean } = {},
): MiddlewareHandler {
  const counter = counters(name, window.limit, window.windowMs);
  return async (c, next) => {
    if (options.skip?.(c)) return next();
    const key = await keyOf(c);
    let state: RateLimiterRes;
    try {
      state = await counter.consume(key);
    } catch (refusal) {
      // The counter refuses with its state; anything else is the store failing (503 above).
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      setLimitHeaders(c, window, refusal);
      const retryAfter = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
      c.header("Retry-After", String(retryAfter));
      return errorResponse(
        c,
        new HttpError(
          429,
          "rate_limited",
          `Too many requests. Try again in ${retryAfter} seconds.`,
        ),
      );
    }
    setLimitHeaders(c, window, state);
    await next();
    // The answer is already decided: a counter that cannot be given back leaves one failure
    // too many in this window rather than turning a success into an error.
    if (options.failuresOnly && c.res.status < 400) await counter.reward(key).catch(() => {});
  };
}

export const paymentLimiters = (
  counters: Counters,
  limits: RateLimits,
): [MiddlewareHandler, MiddlewareHandler] => [
  limiter(counters, "ip", limits.paymentFailuresPerIp, clientIp, { failuresOnly: true }),
  planSlowdown(counters, limits.paymentFailuresPerPlan),
];

export const quoteLimiter = (counters: Counters, limits: RateLimits): MiddlewareHandler =>
  limiter(counters, "quote", limits.quoteFailuresPerIp, clientIp, { failuresOnly: true });

/**
 * Framing checks and violation reports (/embed/allowed, /embed/csp-report) per client IP: a
 * page asks once per embed whose hello is late, a browser reports once per refused frame.
 */
export const framingLimiter = (counters: Counters): MiddlewareHandler =>
  limiter(counters, "framing", { limit: 120, windowMs: 60_000 }, clientIp);

/** Counts requests per API key (hashed); requests without a key are left to the route's 401. */
export const apiKeyLimiter = (counters: Counters, limits: RateLimits): MiddlewareHandler =>
  limiter(
    counters,
    "key",
    limits.apiRequestsPerKey,
    (c) => hashApiKey(c.req.header("authorization") ?? ""),
    { skip: (c) => !c.req.header("authorization") },
  );

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
  /** Failed payment attempts per client IP (card testing shows up as a run of declines). */
  paymentFailuresPerIp: Limit;
  /** Failed payment attempts per plan, from any number of IPs. */
  paymentFailuresPerPlan: Limit;
  /** Server API requests per API key. */
  apiRequestsPerKey: Limit;
  /** Failed quotes (unknown or unusable promo codes) per client IP: no guessing codes. */
  quoteFailuresPerIp: Limit;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  paymentFailuresPerIp: { limit: 30, windowMs: 15 * 60_000 },
  paymentFailuresPerPlan: { limit: 300, windowMs: 15 * 60_000 },
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
  limiter(limits.paymentFailuresPerPlan, async (c) => `plan:${await planOfBody(c)}`, {
    failuresOnly: true,
  }),
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

import type { MiddlewareHandler } from "hono";

/**
 * Headers every answer of the checkout origin carries, 404s, errors and static files included:
 * no content sniffing, no referrer, and a policy that lets nothing load and no page frame the
 * answer. An answer that set its own (the embed page, framed by the seller's origins; the API's
 * referrer policy) keeps it.
 */
const HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Content-Security-Policy":
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
};

export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  for (const [name, value] of Object.entries(HEADERS)) {
    if (!c.res.headers.has(name)) c.res.headers.set(name, value);
  }
};

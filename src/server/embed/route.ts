import { Hono } from "hono";
import { resolveCatalog } from "../../locales/index.ts";
import type { Store } from "../store/interface.ts";
import { frameAncestors } from "./frame-ancestors.ts";
import { readEmbedQuery } from "./query.ts";
import { type AppEntry, renderShell } from "./shell.ts";

interface EmbedRouteOptions {
  store: Store;
  entry: AppEntry | null;
  /** Origins allowed to frame a checkout whose company has none configured. */
  defaultFrameAncestors: string[];
}

/** `GET /embed/checkout?planId=…&theme=…&…&channel=…&origin=…` (see `readEmbedQuery`) */
export function embedRoutes({ store, entry, defaultFrameAncestors }: EmbedRouteOptions) {
  return new Hono().get("/checkout", (c) => {
    const search = new URL(c.req.url).search;
    const config = readEmbedQuery(search);
    const planId = config.planId ?? sessionPlan(store, config.sessionId);
    const company = planId ? (store.getPlanContext(planId)?.company ?? null) : null;
    const ancestors = company?.allowed_origins.length
      ? company.allowed_origins
      : defaultFrameAncestors;

    c.header(
      "Content-Security-Policy",
      [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' https: data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'none'",
        "base-uri 'none'",
        `frame-ancestors ${frameAncestors(ancestors)}`,
      ].join("; "),
    );
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "strict-origin-when-cross-origin");
    c.header("Cache-Control", "no-store");

    if (!entry) {
      return c.text("The checkout app is not built. Run `npm run build` first.", 503);
    }
    const catalog = resolveCatalog(c.req.query("locale") ?? null, c.req.header("accept-language"));
    c.header("Vary", "Accept-Language");
    return c.html(renderShell(entry, config, catalog));
  });
}

/** The plan a session sells, for a session-only embed (its seller's framing rules apply). */
const sessionPlan = (store: Store, sessionId: string | null) =>
  (sessionId && store.getSession(sessionId)?.plan_id) || null;

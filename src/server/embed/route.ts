import { Hono } from "hono";
import { resolveCatalog } from "../../locales/index.ts";
import type { Store } from "../store/interface.ts";
import { frameAncestors } from "./frame-ancestors.ts";
import { readEmbedQuery } from "./query.ts";
import { type AppEntry, renderShell } from "./shell.ts";

interface EmbedRouteOptions {
  store: Store;
  entry: AppEntry | null;
  /** Origins allowed to frame a checkout of no known plan, which shows only an error. */
  defaultFrameAncestors: string[];
}

/** `GET /embed/checkout?planId=…&theme=…&…&channel=…&origin=…` (see `readEmbedQuery`) */
export function embedRoutes({ store, entry, defaultFrameAncestors }: EmbedRouteOptions) {
  return new Hono().get("/checkout", async (c) => {
    const search = new URL(c.req.url).search;
    const config = readEmbedQuery(search);
    const planId = config.planId ?? (await sessionPlan(store, config.sessionId));
    const company = planId ? ((await store.getPlanContext(planId))?.company ?? null) : null;
    // A company's own list, even when empty ('none'): the defaults are for the demo company.
    const ancestors = company ? company.allowed_origins : defaultFrameAncestors;

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
const sessionPlan = async (store: Store, sessionId: string | null) =>
  (sessionId && (await store.getSession(sessionId))?.plan_id) || null;

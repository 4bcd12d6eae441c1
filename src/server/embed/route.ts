import { Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { resolveCatalog } from "../../locales/index.ts";
import { LOG_PREFIX } from "../../settings.ts";
import { chooseEncoding, gzipAfter } from "../http/compression.ts";
import { markPublic, matchesEtag, strongEtag } from "../http/public-answers.ts";
import { PLAN_VIEW_TTL_MS } from "../routes/buyer/plan-views.ts";
import type { Store } from "../store/interface.ts";
import { frameAncestors } from "./frame-ancestors.ts";
import { framingOf, framingRefusal, mayFrame } from "./framing.ts";
import { readEmbedQuery } from "./query.ts";
import { type AppEntry, shellParts } from "./shell.ts";

interface EmbedRouteOptions {
  store: Store;
  entry: AppEntry | null;
  /** Origins allowed to frame a checkout whose company has none configured. */
  defaultFrameAncestors: string[];
  /** Limits requests to /embed/allowed and /embed/csp-report per client. */
  framingLimiter: MiddlewareHandler;
  /** The clock of public answers' expiry (see `markPublic`). */
  now: () => number;
}

/** The most a violation report may weigh; real ones are well under 2 KB. */
const MAX_REPORT_BYTES = 8 * 1024;
/** (origin, company) pairs already logged; cleared when full, so memory stays bounded. */
const MAX_LOGGED = 1000;

/**
 * `GET /embed/checkout?planId=…&theme=…&…&origin=…` (see `readEmbedQuery`): the iframe's
 * shell, the same for every buyer of one embed on one page (the loader's channel id is in the
 * URL's fragment, which the server never sees), so it is answered from memory (`markPublic`)
 * for as long as a plan's answer is; a change made through this instance forgets it at once.
 * `GET /embed/allowed?…` (the same query): whether the page's origin may frame it; 204, or 200
 * with the sentence the loader logs. `POST /embed/csp-report?…`: where browsers report the
 * shell's frame-ancestors refusals; logged once per origin and company.
 */
export function embedRoutes({
  store,
  entry,
  defaultFrameAncestors,
  framingLimiter,
  now,
}: EmbedRouteOptions) {
  const logged = new Set<string>();
  /** The embed's settings and who may frame it; `locale`: the buyer's language, when known. */
  const framingFor = async (search: string, locale?: string) => {
    const ids = readEmbedQuery(search);
    const framing = await framingOf(store, ids, defaultFrameAncestors);
    // Which buyer details the checkout asks for depends on the plan too.
    return { config: readEmbedQuery(search, framing.plan, locale), framing };
  };

  return new Hono()
    .get("/checkout", async (c) => {
      const search = new URL(c.req.url).search;
      const catalog = resolveCatalog(
        c.req.query("locale") ?? null,
        c.req.header("accept-language"),
      );
      const { config, framing } = await framingFor(search, catalog.locale);
      // The report names what the browser refused through its own URL: the plan and the origin.
      const reportQuery = new URLSearchParams();
      if (framing.planId) reportQuery.set("planId", framing.planId);
      reportQuery.set("origin", config.origin.slice(0, 200));

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
          `frame-ancestors ${frameAncestors(framing.ancestors)}`,
          `report-uri /embed/csp-report?${reportQuery}`,
        ].join("; "),
      );
      c.header("X-Content-Type-Options", "nosniff");
      c.header("Referrer-Policy", "strict-origin-when-cross-origin");

      if (!entry) {
        c.header("Cache-Control", "no-store");
        return c.text("The checkout app is not built. Run `npm run build` first.", 503);
      }
      // Compressed: the translations and country names it carries are most of it. The start
      // is this embed's own (its settings, the page's origin), compressed now; the rest was
      // compressed once (gzip only: brotli has no way to join parts compressed apart).
      const { start, ending } = shellParts(entry, config, catalog, framing.plan);
      const gzip = chooseEncoding(c.req.header("accept-encoding"), ["gzip"]);
      const body = gzip ? gzipAfter(start, ending) : start + ending.text;
      const etag = strongEtag(body);
      c.header("Vary", "Accept-Language, Accept-Encoding");
      // The browser may keep the page if it asks again each time (an unchanged page costs a
      // 304), but no shared cache: a merchant may prefill the buyer's email in its query.
      c.header("Cache-Control", "private, no-cache");
      c.header("ETag", etag);
      c.header("Content-Type", "text/html; charset=UTF-8");
      markPublic(c, now() + PLAN_VIEW_TTL_MS, framing.planId);
      if (matchesEtag(c.req.header("if-none-match"), etag)) return c.body(null, 304);
      if (gzip) c.header("Content-Encoding", "gzip");
      return c.body(body);
    })
    .get("/allowed", framingLimiter, async (c) => {
      const { config, framing } = await framingFor(new URL(c.req.url).search);
      c.header("Access-Control-Allow-Origin", "*");
      c.header("Cache-Control", "no-store");
      if (mayFrame(framing.ancestors, config.origin)) return c.body(null, 204);
      return c.text(framingRefusal(framing, config.origin.slice(0, 200)));
    })
    .post(
      "/csp-report",
      framingLimiter,
      bodyLimit({ maxSize: MAX_REPORT_BYTES, onError: (c) => c.body(null, 413) }),
      async (c) => {
        // Only frame-ancestors refusals are reported (the shell's other directives never fire
        // for our own code), and only their directive is read from the body.
        const body = await c.req.text();
        if (!body.includes("frame-ancestors")) return c.body(null, 204);
        const { config, framing } = await framingFor(new URL(c.req.url).search);
        const origin = config.origin.slice(0, 200);
        const key = `${origin} ${framing.companyId}`;
        if (!logged.has(key) && !mayFrame(framing.ancestors, origin)) {
          if (logged.size >= MAX_LOGGED) logged.clear();
          logged.add(key);
          console.warn(LOG_PREFIX, framingRefusal(framing, origin));
        }
        return c.body(null, 204);
      },
    );
}

import { join } from "node:path";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import { embedRoutes } from "./embed/route.ts";
import { readAppEntry } from "./embed/shell.ts";
import { errorResponse, HttpError } from "./http/http-error.ts";
import {
  apiKeyLimiter,
  DEFAULT_RATE_LIMITS,
  paymentLimiters,
  quoteLimiter,
  type RateLimits,
} from "./http/rate-limit.ts";
import { loadDirectory, respondWithFile, serveBuilt } from "./http/static-files.ts";
import { MAX_BODY_BYTES } from "./http/validation.ts";
import { entryRoutes } from "./routes/buyer/entries.ts";
import { paymentRoutes } from "./routes/buyer/payments.ts";
import { planRoutes } from "./routes/buyer/plans.ts";
import { sessionRoutes } from "./routes/buyer/sessions.ts";
import { merchantCatalogRoutes } from "./routes/merchant/catalog.ts";
import { merchantCommerceRoutes } from "./routes/merchant/commerce.ts";
import type { Store } from "./store/interface.ts";

interface CheckoutAppOptions {
  store: Store;
  /** Build output: `loader.js` and `checkout/` (Vite's output with its manifest). */
  distDir: string;
  /** Origins allowed to frame checkouts of companies that configured none. */
  defaultFrameAncestors: string[];
  /** Overrides of the default rate limits (see rate-limit.ts). */
  rateLimits?: Partial<RateLimits>;
  /** Keys the payment fingerprints; never stored in the database (see secret.ts). */
  serverSecret: Buffer;
  /** The clock of expiring records (idempotency answers); the system clock by default. */
  now?: () => number;
}

const IMMUTABLE = "public, max-age=31536000, immutable";
// Merchants reference /loader.js without a version, so it may only be cached briefly.
const SHORT_LIVED = "public, max-age=300";

/** The checkout origin: loader, iframe shell, hashed assets and the JSON API. */
export function createCheckoutApp({
  store,
  distDir,
  defaultFrameAncestors,
  rateLimits,
  serverSecret,
  now = Date.now,
}: CheckoutAppOptions) {
  const limits = { ...DEFAULT_RATE_LIMITS, ...rateLimits };
  const checkoutDir = join(distDir, "checkout");
  const assets = loadDirectory(join(checkoutDir, "assets"));
  const entry = readAppEntry(checkoutDir);

  const app = new Hono();

  app.onError((error, c) => {
    if (error instanceof HttpError) return errorResponse(c, error);
    console.error("[whop-checkout] unexpected server error:", error);
    return errorResponse(
      c,
      new HttpError(500, "internal_error", "Something went wrong on our side. Try again."),
    );
  });

  app.notFound((c) =>
    c.req.path.startsWith("/api/")
      ? errorResponse(c, new HttpError(404, "not_found", `No route ${c.req.method} ${c.req.path}.`))
      : c.text("Not found", 404),
  );

  app.get("/healthz", (c) => {
    store.ping();
    return c.json({ status: "ok" });
  });

  // Paths and SRI hashes of the loader files (written by the build).
  app.get("/v1/manifest.json", serveBuilt(join(distDir, "cdn-manifest.json"), SHORT_LIVED));
  // `/v1/loader.js` is the versioned path the README's snippet (with its SRI hash) uses; CORS
  // lets `<script crossorigin integrity=…>` check it.
  const loader = serveBuilt(join(distDir, "loader.js"), SHORT_LIVED);
  app.get("/loader.js", loader);
  app.get("/v1/loader.js", loader);
  // The loader's on-demand helpers, imported by loader.js as a module (hence CORS), cached
  // as briefly as loader.js so the two are updated together.
  app.get("/loader-api.js", serveBuilt(join(distDir, "loader-api.js"), SHORT_LIVED));

  app.get("/assets/*", (c) => {
    const file = assets.get(c.req.path.slice("/assets/".length));
    if (!file) return c.text("Not found", 404);
    return respondWithFile(file, c.req.header("accept-encoding"), {
      "Cache-Control": IMMUTABLE,
      "Access-Control-Allow-Origin": "*",
    });
  });

  app.route("/embed", embedRoutes({ store, entry, defaultFrameAncestors }));

  const api = new Hono();
  api.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: () => {
        throw new HttpError(
          413,
          "body_too_large",
          `The body must be at most ${MAX_BODY_BYTES} bytes.`,
        );
      },
    }),
  );
  // nosniff, no-referrer, HSTS, same-origin resource policy, no framing of API answers.
  api.use(secureHeaders({ crossOriginResourcePolicy: "same-origin" }));
  api.use(apiKeyLimiter(limits));
  const [failuresPerIp, failuresPerPlan] = paymentLimiters(limits);
  api.post("/payments", failuresPerIp, failuresPerPlan);
  api.post("/plans/:id/quote", quoteLimiter(limits));
  api.route("/plans", planRoutes(store));
  api.route("/payments", paymentRoutes(store, { serverSecret, now }));
  api.route("/entries", entryRoutes(store));
  api.route("/checkout_sessions", sessionRoutes(store));
  api.route("/", merchantCatalogRoutes(store));
  api.route("/", merchantCommerceRoutes(store));
  app.route("/api/v1", api);

  return app;
}

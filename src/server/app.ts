import { existsSync, readFileSync } from "node:fs";
import type { RequestListener } from "node:http";
import { join } from "node:path";
import { getRequestListener } from "@hono/node-server";
import { Hono } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { embedRoutes } from "./embed/route.ts";
import { readAppEntry } from "./embed/shell.ts";
import { serveFavicon } from "./http/favicon.ts";
import { errorResponse, HttpError } from "./http/http-error.ts";
import { PublicAnswers } from "./http/public-answers.ts";
import {
  apiKeyLimiter,
  DEFAULT_RATE_LIMITS,
  framingLimiter,
  paymentLimiters,
  quoteLimiter,
  type RateLimits,
} from "./http/rate-limit.ts";
import { requestLog } from "./http/request-log.ts";
import { securityHeaders } from "./http/security-headers.ts";
import { loadDirectory, respondWithFile, serveBuilt } from "./http/static-files.ts";
import { type Logger, log } from "./log.ts";
import { openApiDocument } from "./openapi/document.ts";
import { REFERENCE_CSP, referenceHtml } from "./openapi/reference.ts";
import { entryRoutes } from "./routes/buyer/entries.ts";
import { paymentRoutes } from "./routes/buyer/payments.ts";
import { PlanViews } from "./routes/buyer/plan-views.ts";
import { planRoutes } from "./routes/buyer/plans.ts";
import { sessionRoutes } from "./routes/buyer/sessions.ts";
import { merchantCatalogRoutes } from "./routes/merchant/catalog.ts";
import { merchantCommerceRoutes } from "./routes/merchant/commerce.ts";
import type { Store } from "./store/interface.ts";
import { isDatabaseUnavailable } from "./store/unavailable.ts";

interface CheckoutAppOptions {
  store: Store;
  /** Build output: `loader.js` and `checkout/` (Vite's output with its manifest). */
  distDir: string;
  /** Origins allowed to frame a checkout of no known plan, which shows only an error. */
  defaultFrameAncestors: string[];
  /** Overrides of the default rate limits (see rate-limit.ts). */
  rateLimits?: Partial<RateLimits>;
  /** Lets webhook endpoints be private addresses (local development; see webhooks/target.ts). */
  allowPrivateWebhookTargets?: boolean;
  /** Where each request's log line goes (log.ts); tests pass their own. */
  logger?: Logger;
  /** Keys the payment fingerprints; never stored in the database (see secret.ts). */
  serverSecret: Buffer;
  /** The clock of expiring records (idempotency answers); the system clock by default. */
  now?: () => number;
  /**
   * Whether a mail server sends receipts (receipts/sender.ts runs beside the app): receipts are
   * then queued for email, else kept unsent, and the checkout says which.
   */
  emailsReceipts?: boolean;
  /** Where answers marked public are kept for `checkoutListener` (none: every request is routed). */
  publicAnswers?: PublicAnswers;
}

const HEALTH_TIMEOUT_MS = 2_000;
/** Methods that change nothing, so leave cached answers be (a HEAD is a GET without body). */
const SAFE_METHODS = new Set(["GET", "HEAD"]);
const DATABASE_UNAVAILABLE = new HttpError(
  503,
  "database_unavailable",
  "The checkout's database is unavailable for a moment. Try again shortly.",
);

/** `promise`, or a rejection once `ms` have passed. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const IMMUTABLE = "public, max-age=31536000, immutable";
// Merchants reference /loader.js without a version, so it may only be cached briefly.
const SHORT_LIVED = "public, max-age=300";

/** Where the build put loader-api.js (cdn-manifest.json), or null before a build. */
function builtLoaderApiPath(distDir: string): string | null {
  const manifestPath = join(distDir, "cdn-manifest.json");
  if (!existsSync(manifestPath)) return null;
  return JSON.parse(readFileSync(manifestPath, "utf8"))["loader-api.js"]?.path ?? null;
}

/** The checkout origin: loader, iframe shell, hashed assets and the JSON API. */
export function createCheckoutApp({
  store,
  distDir,
  defaultFrameAncestors,
  rateLimits,
  allowPrivateWebhookTargets = false,
  logger = log,
  serverSecret,
  now = Date.now,
  emailsReceipts = false,
  publicAnswers,
}: CheckoutAppOptions) {
  const limits = { ...DEFAULT_RATE_LIMITS, ...rateLimits };
  const counters = store.rateCounter.bind(store);
  const checkoutDir = join(distDir, "checkout");
  const assets = loadDirectory(join(checkoutDir, "assets"));
  const entry = readAppEntry(checkoutDir);

  const app = new Hono();
  if (publicAnswers) app.use(publicAnswers.keep);
  // Every answer names its request (`X-Request-Id`, a caller's own kept when well-formed), and
  // every request leaves one log line: what, how it ended, how long it took; never a body.
  app.use(requestLog(logger));
  app.use(securityHeaders);

  app.onError((error, c) => {
    if (error instanceof HttpError) return errorResponse(c, error);
    if (isDatabaseUnavailable(error)) {
      logger.error(
        { req_id: c.get("requestId"), err: (error as Error).message },
        "database unavailable",
      );
      c.header("Retry-After", "1");
      return errorResponse(c, DATABASE_UNAVAILABLE);
    }
    logger.error(
      { req_id: c.get("requestId"), err: (error as Error).message, stack: (error as Error).stack },
      "unexpected server error",
    );
    return errorResponse(
      c,
      new HttpError(500, "internal_error", "Something went wrong on our side. Try again."),
    );
  });

  app.notFound(async (c) =>
    c.req.path.startsWith("/api/")
      ? errorResponse(c, new HttpError(404, "not_found", `No route ${c.req.method} ${c.req.path}.`))
      : c.text("Not found", 404),
  );

  serveFavicon(app);

  // For load balancers: 503 with the reason when the database does not answer (in time).
  app.get("/healthz", async (c) => {
    try {
      await withTimeout(store.ping(), HEALTH_TIMEOUT_MS);
    } catch (error) {
      return errorResponse(
        c,
        new HttpError(
          503,
          "database_unavailable",
          `The database does not answer: ${(error as Error).message}`,
        ),
      );
    }
    return c.json({ status: "ok" });
  });

  // Paths and SRI hashes of the loader files (written by the build).
  app.get("/v1/manifest.json", serveBuilt(join(distDir, "cdn-manifest.json"), SHORT_LIVED));
  // `/v1/loader.js` is the versioned path the README's snippet (with its SRI hash) uses; CORS
  // lets `<script crossorigin integrity=…>` check it.
  const loader = serveBuilt(join(distDir, "loader.js"), SHORT_LIVED);
  app.get("/loader.js", loader);
  app.get("/v1/loader.js", loader);
  // The loader's on-demand helpers, imported by loader.js as a module (hence CORS) from the
  // content-addressed path its build wrote in, with the file's integrity hash (see the
  // manifest): a new build, a new path, so it is cached for good.
  const apiPath = builtLoaderApiPath(distDir);
  if (apiPath) app.get(apiPath, serveBuilt(join(distDir, "loader-api.js"), IMMUTABLE));

  app.get("/assets/*", async (c) => {
    const file = assets.get(c.req.path.slice("/assets/".length));
    if (!file) return c.text("Not found", 404);
    return respondWithFile(file, c.req.header("accept-encoding"), {
      "Cache-Control": IMMUTABLE,
      "Access-Control-Allow-Origin": "*",
    });
  });

  app.route(
    "/embed",
    embedRoutes({
      store,
      entry,
      defaultFrameAncestors,
      framingLimiter: framingLimiter(counters),
      now,
    }),
  );

  const api = new Hono();
  // nosniff, no-referrer, HSTS, same-origin resource policy, no framing of API answers.
  api.use(secureHeaders({ crossOriginResourcePolicy: "same-origin" }));
  // The API's own description, generated from the schemas the routes validate with.
  api.get("/openapi.json", (c) => {
    c.header("Cache-Control", SHORT_LIVED);
    c.header("Access-Control-Allow-Origin", "*");
    return c.json(openApiDocument());
  });
  api.get("/docs", (c) => {
    c.header("Content-Security-Policy", REFERENCE_CSP);
    c.header("Cache-Control", SHORT_LIVED);
    return c.html(referenceHtml(openApiDocument()));
  });
  api.use(apiKeyLimiter(counters, limits));
  // A change made here (catalog, payment, entry) is seen by the next plan read on this instance.
  const planViews = new PlanViews(store, now);
  api.use(async (c, next) => {
    await next();
    if (!SAFE_METHODS.has(c.req.method) && c.res.status < 400) {
      // Only the plans the route names, when it names them (`changesOnly`); else everything.
      const plans = c.get("changedPlans");
      planViews.clear(plans);
      publicAnswers?.clear(plans);
    }
  });
  const [failuresPerIp, failuresPerPlan] = paymentLimiters(counters, limits);
  api.post("/payments", failuresPerIp, failuresPerPlan);
  api.post("/plans/:id/quote", quoteLimiter(counters, limits));
  api.route("/plans", planRoutes(store, planViews));
  api.route(
    "/payments",
    paymentRoutes(store, { serverSecret, now, receiptEmail: emailsReceipts ? "send" : "hold" }),
  );
  api.route("/entries", entryRoutes(store));
  api.route("/checkout_sessions", sessionRoutes(store));
  api.route("/", merchantCatalogRoutes(store, { allowPrivate: allowPrivateWebhookTargets }));
  api.route("/", merchantCommerceRoutes(store));
  app.route("/api/v1", api);

  return app;
}

/**
 * The checkout origin's node:http listener: the app, with the answers it marks public (a plan
 * as every buyer reads it) served from memory until they expire or a change is made here.
 */
export function checkoutListener(options: CheckoutAppOptions): RequestListener {
  const publicAnswers = new PublicAnswers(options.now);
  const app = createCheckoutApp({ ...options, publicAnswers });
  return publicAnswers.listener(getRequestListener(app.fetch), options.logger ?? log);
}

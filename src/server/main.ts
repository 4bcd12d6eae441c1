import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { getRequestListener } from "@hono/node-server";
import { createDemoApp } from "../../demo/server/app.ts";
import { MerchantBackend } from "../../demo/server/merchant.ts";
import { createCheckoutApp } from "./app.ts";
import { EMBED_ORIGIN } from "./embed/frame-ancestors.ts";
import { DEFAULT_RATE_LIMITS, type Limit, type RateLimits } from "./http/rate-limit.ts";
import { DEMO, seedDemo } from "./seed.ts";
import { openDatabase } from "./store/database.ts";
import { SqliteStore } from "./store/store.ts";
import { WebhookDispatcher } from "./webhooks/dispatcher.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

function port(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new Error(`${name} must be a port number from 0 to 65535, got "${raw}".`);
  }
  return value;
}

function origins(name: string): string[] {
  const list = (process.env[name] ?? "")
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
  const bad = list.find((origin) => !EMBED_ORIGIN.test(origin));
  if (bad) throw new Error(`${name} must list origins like https://shop.example, got "${bad}".`);
  return list;
}

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${name} must be a whole number above 0, got "${raw}".`);
  }
  return value;
}

const limit = (name: string, fallback: Limit): Limit => ({
  limit: positive(name, fallback.limit),
  windowMs: fallback.windowMs,
});

const rateLimits: RateLimits = {
  paymentFailuresPerIp: limit(
    "RATE_LIMIT_PAYMENT_FAILURES_PER_IP",
    DEFAULT_RATE_LIMITS.paymentFailuresPerIp,
  ),
  paymentFailuresPerPlan: limit(
    "RATE_LIMIT_PAYMENT_FAILURES_PER_PLAN",
    DEFAULT_RATE_LIMITS.paymentFailuresPerPlan,
  ),
  apiRequestsPerKey: limit("RATE_LIMIT_API_PER_KEY", DEFAULT_RATE_LIMITS.apiRequestsPerKey),
  quoteFailuresPerIp: limit(
    "RATE_LIMIT_QUOTE_FAILURES_PER_IP",
    DEFAULT_RATE_LIMITS.quoteFailuresPerIp,
  ),
};

const config = {
  host: process.env.HOST || "127.0.0.1",
  checkoutPort: port("CHECKOUT_PORT", 4100),
  demoPort: port("DEMO_PORT", 4000),
  /** Extra origins allowed to frame the demo company's checkouts (the demo origin always is). */
  embedOrigins: origins("EMBED_ORIGINS"),
  databasePath: process.env.DATABASE_PATH || join(ROOT, "data", "checkout.db"),
};

function listen(server: Server, portNumber: number): Promise<number> {
  return new Promise((done, fail) => {
    server.once("error", fail);
    server.listen(portNumber, config.host, () => done((server.address() as AddressInfo).port));
  });
}

const checkoutServer = createServer();
const demoServer = createServer();
const checkoutPort = await listen(checkoutServer, config.checkoutPort);
const demoPort = await listen(demoServer, config.demoPort);
// Two different hosts make two different sites, so the demo crosses a real origin boundary.
const checkoutOrigin = `http://${config.host}:${checkoutPort}`;
const demoOrigin = `http://localhost:${demoPort}`;

const db = openDatabase(config.databasePath);
const store = new SqliteStore(db);
seedDemo(store, demoOrigin, config.embedOrigins);
/**
 * The demo site's server holds an API key of the demo company, like any merchant backend. Set
 * DEMO_API_KEY to one made with the CLI; otherwise a fresh key replaces the previous demo key
 * on every start (keys are stored hashed, so an old one cannot be shown again).
 */
function demoApiKey(): string {
  const configured = process.env.DEMO_API_KEY;
  if (configured) return configured;
  for (const key of store.apiKeys.list(DEMO.company)) {
    if (key.name === DEMO_KEY_NAME && !key.revoked_at) store.apiKeys.revoke(key.id);
  }
  return store.apiKeys.create(DEMO.company, DEMO_KEY_NAME).key;
}
const DEMO_KEY_NAME = "demo-site";

const dispatcher = new WebhookDispatcher({
  webhooks: store.webhooks,
  pollMs: positive("WEBHOOK_POLL_MS", 500),
  baseDelayMs: positive("WEBHOOK_RETRY_BASE_MS", 5_000),
  leaseMs: positive("WEBHOOK_LEASE_MS", 30_000),
  timeoutMs: positive("WEBHOOK_TIMEOUT_MS", 10_000),
});
dispatcher.start();

checkoutServer.on(
  "request",
  getRequestListener(
    createCheckoutApp({
      store,
      distDir: join(ROOT, "dist"),
      defaultFrameAncestors: [demoOrigin, ...config.embedOrigins],
      rateLimits,
    }).fetch,
  ),
);
demoServer.on(
  "request",
  getRequestListener(
    createDemoApp({
      demoDir: join(ROOT, "demo"),
      checkoutOrigin,
      merchant: new MerchantBackend(checkoutOrigin, demoApiKey()),
      fullExamplePlanId: DEMO.oneTimePlan,
    }).fetch,
  ),
);

console.log(`Checkout origin: ${checkoutOrigin}`);
console.log(`Demo origin:     ${demoOrigin}`);
console.log(`Database:        ${config.databasePath}`);

async function shutdown() {
  checkoutServer.close();
  demoServer.close();
  checkoutServer.closeAllConnections();
  demoServer.closeAllConnections();
  await dispatcher.stop();
  db.close();
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);

/**
 * `npm start`: wiring only. Config → store → the two apps → listen → shutdown on a signal.
 * Every setting comes from config.ts.
 */
import cluster from "node:cluster";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { getRequestListener } from "@hono/node-server";
import { createDemoApp } from "../../demo/server/app.ts";
import { MerchantBackend } from "../../demo/server/merchant.ts";
import { checkoutListener } from "./app.ts";
import { type Config, ConfigError, ROOT, rateLimitsOf, readConfig, storeTarget } from "./config.ts";
import { ReceiptSender } from "./receipts/sender.ts";
import { loadServerSecret, secretFileBeside } from "./secret.ts";
import { DEMO, seedDemo } from "./seed.ts";
import { openStore } from "./store/open.ts";
import { WebhookDispatcher } from "./webhooks/dispatcher.ts";
import { printsBanner, reportStarted, superviseWorkers } from "./workers.ts";

function loadConfig(): Config {
  try {
    return readConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`[whop-checkout] ${error.message}`);
    process.exit(1);
  }
}

const config = loadConfig();
// WORKERS>1: this process only supervises the workers (workers.ts); each runs the rest of this file.
if (config.workers > 1 && cluster.isPrimary) await superviseWorkers(config.workers);

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

const serverSecret = loadServerSecret(
  config.serverSecret ?? undefined,
  secretFileBeside(config.databasePath),
);
const store = await openStore(storeTarget(config), { thread: true });
await seedDemo(store, demoOrigin, config.embedOrigins);
/**
 * The demo site's server holds an API key of the demo company, like any merchant backend. Set
 * DEMO_API_KEY to one made with the CLI; otherwise each process makes a key of its own and
 * revokes it when it stops. Keys are stored hashed, so no process can learn another's; and
 * none revokes another's, so every instance on a shared database keeps a working demo site. A
 * key left behind by a killed process is unusable: its only clear copy died with it.
 */
async function demoApiKey(): Promise<{ key: string; revokeOnStop: string | null }> {
  if (config.demoApiKey) return { key: config.demoApiKey, revokeOnStop: null };
  const { key, record } = await store.apiKeys.create(DEMO.company, "demo-site");
  return { key, revokeOnStop: record.id };
}
const demoKey = await demoApiKey();

const dispatcher = new WebhookDispatcher({
  webhooks: store.webhooks,
  pollMs: config.webhookPollMs,
  baseDelayMs: config.webhookRetryBaseMs,
  leaseMs: config.webhookLeaseMs,
  timeoutMs: config.webhookTimeoutMs,
  allowPrivateTargets: config.webhookAllowPrivateTargets,
});
dispatcher.start();
// Receipts are emailed only through a configured mail server; without one they are kept, unsent.
const receiptSender = config.smtp
  ? new ReceiptSender({ receipts: store.receipts, smtp: config.smtp })
  : null;
receiptSender?.start();

checkoutServer.on(
  "request",
  checkoutListener({
    store,
    distDir: join(ROOT, "dist"),
    defaultFrameAncestors: [demoOrigin, ...config.embedOrigins],
    rateLimits: rateLimitsOf(config),
    allowPrivateWebhookTargets: config.webhookAllowPrivateTargets,
    serverSecret,
    emailsReceipts: receiptSender !== null,
  }),
);
demoServer.on(
  "request",
  getRequestListener(
    createDemoApp({
      demoDir: join(ROOT, "demo"),
      checkoutOrigin,
      merchant: new MerchantBackend(checkoutOrigin, demoKey.key),
      fullExamplePlanId: DEMO.oneTimePlan,
    }).fetch,
  ),
);

// With WORKERS>1 every worker listens on the same ports; one banner says it for all.
const banner = printsBanner() ? console.log : () => {};
banner(`Checkout origin: ${checkoutOrigin}`);
banner(`Demo origin:     ${demoOrigin}`);
banner(`Database:        ${describeDatabase()}`);
banner(
  `Receipts:        ${config.smtp ? `emailed through ${new URL(config.smtp.url).host} from ${config.smtp.from}` : "kept in the database, not emailed (set SMTP_URL to send them; npm run platform -- receipts list)"}`,
);

/** Where the data lives, without the password a DATABASE_URL may hold. */
function describeDatabase(): string {
  if (!config.databaseUrl) return config.databasePath;
  const url = new URL(config.databaseUrl);
  url.password = "";
  return url.href;
}
// The first thing a merchant's own page runs into: which origins may frame the demo checkouts.
banner(
  `May embed the demo company (${DEMO.company}): ${(await store.getCompany(DEMO.company))?.allowed_origins.join(", ")} (add more with EMBED_ORIGINS, or \`npm run platform -- company set-origins\` for your own company)`,
);

reportStarted();

/** How long requests in flight may take to finish after SIGTERM before they are cut off. */
const DRAIN_MS = 10_000;

/**
 * Stops accepting connections, lets requests in flight finish (at most DRAIN_MS: a load
 * balancer's deregistration delay is usually longer), stops the webhook dispatcher and the
 * receipt sender after their current attempts (one cut short stays leased and is retried), then
 * closes the store.
 */
async function shutdown() {
  const drained = Promise.all(
    [checkoutServer, demoServer].map(
      (server) => new Promise<void>((resolve) => server.close(() => resolve())),
    ),
  );
  checkoutServer.closeIdleConnections();
  demoServer.closeIdleConnections();
  const timer = setTimeout(() => {
    checkoutServer.closeAllConnections();
    demoServer.closeAllConnections();
  }, DRAIN_MS);
  await drained;
  clearTimeout(timer);
  await dispatcher.stop();
  await receiptSender?.stop();
  if (demoKey.revokeOnStop) await store.apiKeys.revoke(demoKey.revokeOnStop).catch(() => {});
  await store.close();
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);

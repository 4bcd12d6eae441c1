import { spawnServer } from "../support/spawn-server.ts";

/** One platform for the whole run; its origins reach the tests through the environment. */
export default async function globalSetup() {
  // Test host pages are served from http://localhost:<random port>; let them frame checkouts.
  // Every browser test pays from 127.0.0.1: lift the card-testing limits (covered in test/server).
  const server = await spawnServer({
    env: {
      EMBED_ORIGINS: "http://localhost:*",
      RATE_LIMIT_PAYMENT_FAILURES_PER_IP: "100000",
      RATE_LIMIT_PAYMENT_FAILURES_PER_PLAN: "100000",
      RATE_LIMIT_QUOTE_FAILURES_PER_IP: "100000",
    },
  });
  process.env.CHECKOUT_ORIGIN = server.checkoutOrigin;
  process.env.DEMO_ORIGIN = server.demoOrigin;
  process.env.TEST_DATABASE_PATH = server.databasePath;
  return () => server.stop();
}

import { startServer } from "./server.ts";

/** One platform for the whole run; its origins reach the tests through the environment. */
export default async function globalSetup() {
  // Test host pages are served from http://localhost:<random port>; let them frame checkouts.
  const server = await startServer({ EMBED_ORIGINS: "http://localhost:*" });
  process.env.CHECKOUT_ORIGIN = server.checkoutOrigin;
  process.env.DEMO_ORIGIN = server.demoOrigin;
  process.env.TEST_DATABASE_PATH = server.databasePath;
  return () => server.stop();
}

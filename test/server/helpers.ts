import { createCheckoutApp } from "../../src/server/app.ts";
import { openDatabase } from "../../src/server/store/database.ts";
import { seedDemo } from "../../src/server/store/seed.ts";
import { Store } from "../../src/server/store/store.ts";

export const DEMO_ORIGIN = "http://localhost:4000";

/** A checkout app over a fresh in-memory database with the demo catalog. */
export function createTestApp() {
  const store = new Store(openDatabase(":memory:"));
  seedDemo(store, DEMO_ORIGIN);
  const app = createCheckoutApp({ store, distDir: "dist", defaultFrameAncestors: [DEMO_ORIGIN] });
  return { app, store };
}

export const postJson = (body: unknown, headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "Content-Type": "application/json", ...headers },
  body: typeof body === "string" ? body : JSON.stringify(body),
});

export const successCard = {
  number: "4242 4242 4242 4242",
  exp_month: 12,
  exp_year: 2034,
  cvc: "123",
};
export const declineCard = { ...successCard, number: "4000000000000002" };

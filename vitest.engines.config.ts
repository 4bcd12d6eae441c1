import { defineConfig } from "vitest/config";

/**
 * The buyer journeys in Chromium, Firefox ESR and WebKitGTK (`npm run test:engines`), apart from
 * the unit tests: they need the built app, a running platform and real browsers.
 */
export default defineConfig({
  test: {
    include: ["test/engines/**/*.test.ts"],
    environment: "node",
    // Same platform as the Playwright suite: origins reach the tests through the environment.
    globalSetup: ["test/e2e/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    retry: 0,
  },
});

import { defineConfig } from "vitest/config";

export default defineConfig({
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  // What scripts/build.mjs writes into loader.js; the tests mock this path with the sources.
  define: { LOADER_API_PATH: JSON.stringify("/loader-api.js"), LOADER_API_INTEGRITY: '""' },
  test: {
    // Generous: tests assert behaviour, never speed, and may share a busy 2-core machine.
    testTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: "browser-code",
          environment: "happy-dom",
          environmentOptions: {
            // Unit tests never load iframe pages or scripts; Playwright covers the real thing.
            happyDOM: {
              settings: {
                // Iframes get a window but never navigate, so nothing is fetched.
                navigation: { disableChildFrameNavigation: true },
                disableJavaScriptFileLoading: true,
                disableCSSFileLoading: true,
                handleDisabledFileLoadingAsSuccess: true,
              },
            },
          },
          include: ["test/unit/**/*.test.{ts,tsx}"],
        },
      },
      {
        extends: true,
        test: {
          name: "server",
          environment: "node",
          include: ["test/server/**/*.test.ts"],
          globalSetup: ["test/support/build-server.ts"],
        },
      },
    ],
  },
});

import { defineConfig } from "vitest/config";

export default defineConfig({
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  test: {
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
        test: { name: "server", environment: "node", include: ["test/server/**/*.test.ts"] },
      },
    ],
  },
});

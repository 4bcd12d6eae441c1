import { defineConfig } from "vite";

/** Builds the checkout iframe app into dist/checkout with hashed names and a manifest. */
export default defineConfig({
  root: "src/checkout",
  base: "/",
  publicDir: false,
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "../../dist/checkout",
    emptyOutDir: true,
    manifest: true,
    target: "es2020",
    modulePreload: { polyfill: false },
    rollupOptions: { input: "src/checkout/main.tsx" },
  },
});

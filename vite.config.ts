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
    // The browsers the styles already need (color-mix() is Chrome/Edge 111, Firefox 113,
    // Safari 16.2): logical properties ship as written, not doubled for older right-to-left support.
    cssTarget: ["chrome111", "edge111", "firefox113", "safari16.2"],
    modulePreload: { polyfill: false },
    // terser's extra passes take ~200 B gzip more off than the default minifier: room the
    // 20 KB budget needs. Safe options only; no `unsafe`, no `pure_getters` (signals read
    // `.value` for its side effect, subscribing the component).
    minify: "terser",
    terserOptions: { module: true, compress: { passes: 3 }, format: { comments: false } },
    rollupOptions: { input: "src/checkout/main.tsx" },
  },
});

import { defineConfig, type Plugin } from "vite";

/**
 * Vite wraps each `import()` in a helper that also fetches the imported chunk's stylesheets and
 * preloads its own imports: ~700 B gzip in the entry chunk, which the 20 KB budget cannot pay.
 * The checkout's on-demand chunks (buyer-details fields, 3-D Secure step, confirmation) import
 * only the entry, which is loaded already, and have no stylesheet of their own (they use the
 * app's classes), so a plain `import()` does all the helper would. The build fails if a chunk loaded on demand
 * ever gets a stylesheet, which the plain import would not load.
 */
const plainDynamicImport: Plugin = {
  name: "plain-dynamic-import",
  enforce: "pre",
  load(id) {
    if (id === "\0vite/preload-helper.js") return "export const __vitePreload = (load) => load();";
  },
  generateBundle(_options, bundle) {
    for (const chunk of Object.values(bundle)) {
      if (chunk.type === "chunk" && chunk.isDynamicEntry && chunk.viteMetadata?.importedCss.size) {
        this.error(
          `${chunk.fileName} is loaded on demand and has a stylesheet: move its rules to src/checkout/styles/.`,
        );
      }
    }
  },
};

/** Builds the checkout iframe app into dist/checkout with hashed names and a manifest. */
export default defineConfig({
  root: "src/checkout",
  base: "/",
  publicDir: false,
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  plugins: [plainDynamicImport],
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

// Builds the two browser artefacts: the checkout app (Vite) and loader.js (one IIFE).
import { mkdirSync, writeFileSync } from "node:fs";
import { build as esbuild } from "esbuild";
import { minify } from "terser";
import { build as viteBuild } from "vite";

await viteBuild({ configFile: "vite.config.ts", logLevel: "warn" });

// esbuild bundles and strips types; terser's extra passes then squeeze the loader's budget.
const bundled = await esbuild({
  entryPoints: ["loader/index.ts"],
  bundle: true,
  format: "iife",
  target: "es2020",
  minify: true,
  legalComments: "none",
  // TypeScript already rules out what strict mode guards against; the directive is dead bytes.
  tsconfigRaw: { compilerOptions: { alwaysStrict: false } },
  write: false,
  logLevel: "warning",
});
const minified = await minify(bundled.outputFiles[0].text, {
  ecma: 2020,
  toplevel: true,
  compress: { passes: 3, unsafe_arrows: true },
  mangle: true,
  format: { comments: false },
});
mkdirSync("dist", { recursive: true });
writeFileSync("dist/loader.js", minified.code);
console.log("built dist/loader.js and dist/checkout/");

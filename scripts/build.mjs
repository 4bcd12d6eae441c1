// Builds everything `npm start` serves: the checkout app (Vite), loader.js (one IIFE),
// loader-api.js (an ES module the loader imports from the checkout origin on first use:
// submit, getEmail, setEmail and open, with its modal) and the compiled server.
import { mkdirSync, writeFileSync } from "node:fs";
import { build as esbuild } from "esbuild";
import { minify } from "terser";
import { build as viteBuild } from "vite";
import { buildServer } from "./build-server.mjs";
import { loaderApiPin } from "./integrity.mjs";

await viteBuild({ configFile: "vite.config.ts", logLevel: "warn" });

// loader-api.js first: loader.js carries its content-addressed path and integrity hash.
const api = await esbuild({
  entryPoints: ["loader/api.ts"],
  bundle: true,
  format: "esm",
  target: "es2020",
  minify: true,
  legalComments: "none",
  write: false,
  logLevel: "warning",
});
mkdirSync("dist", { recursive: true });
const apiCode = api.outputFiles[0].contents;
writeFileSync("dist/loader-api.js", apiCode);
const apiPin = loaderApiPin(apiCode);

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
  define: {
    LOADER_API_PATH: JSON.stringify(apiPin.path),
    LOADER_API_INTEGRITY: JSON.stringify(apiPin.integrity),
  },
  write: false,
  logLevel: "warning",
});
const minified = await minify(bundled.outputFiles[0].text, {
  ecma: 2020,
  toplevel: true,
  // `unsafe` here only turns template literals into string concatenation (checked on this
  // code); every byte counts against the 2,048 B budget, which scripts/check-size.mjs measures
  // as HTTP sends it (zlib, level 9, no file name). The gzip command line reads 20 B more: its
  // header names the file, and its deflate differs.
  compress: { passes: 5, unsafe_arrows: true, unsafe: true },
  mangle: true,
  format: { comments: false },
});
writeFileSync("dist/loader.js", minified.code);

await buildServer();
console.log("built dist/loader.js, dist/loader-api.js, dist/checkout/ and dist/server/");

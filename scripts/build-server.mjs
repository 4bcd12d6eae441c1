// Compiles the platform (src/server/main.ts, cli.ts and SQLite's thread) to plain JavaScript in dist/server/,
// so production runs `node dist/server/main.js` and tsx stays a development tool. Packages
// stay external (node_modules at run time); the SQL migrations are copied beside the code,
// where the store looks for them.
import { cpSync, rmSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";

export async function buildServer() {
  rmSync("dist/server", { recursive: true, force: true });
  await build({
    entryPoints: {
      main: "src/server/main.ts",
      cli: "src/server/cli.ts",
      // SQLite's thread, which main.js starts from beside itself (store/sqlite-thread.ts).
      "sqlite-worker": "src/server/store/sqlite-worker.ts",
    },
    outdir: "dist/server",
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: "linked",
    logLevel: "warning",
  });
  cpSync("src/server/store/migrations", "dist/server/migrations", { recursive: true });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  await buildServer();
  // `--quiet` keeps the CLI's JSON output clean when `npm run platform` builds first.
  if (!process.argv.includes("--quiet")) console.log("built dist/server/");
}

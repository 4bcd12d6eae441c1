// Builds the npm package in packages/embed: the ES module API and the React and Preact
// components (sharing one chunk, so an app holds one registry of embeds), their type
// declarations, and the prebuilt loader.js for <script> use. Run `npm run build` first.

import { execFileSync } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

const out = "packages/embed/dist";
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

await build({
  entryPoints: {
    index: "integrations/index.ts",
    react: "integrations/react.ts",
    preact: "integrations/preact.ts",
  },
  outdir: out,
  bundle: true,
  splitting: true,
  format: "esm",
  target: "es2020",
  minify: false,
  legalComments: "none",
  external: ["react", "preact", "preact/*"],
  chunkNames: "shared-[hash]",
  logLevel: "warning",
});

execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.package.json"], {
  stdio: "inherit",
});
// Declarations keep the sources' ".ts" import specifiers; consumers resolve ".js".
const rewrite = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) rewrite(path);
    else if (name.endsWith(".d.ts")) {
      writeFileSync(
        path,
        readFileSync(path, "utf8").replace(/(from\s+"\.{1,2}\/[^"]+)\.ts"/g, '$1.js"'),
      );
    }
  }
};
rewrite(join(out, "types"));

for (const file of readdirSync("dist").filter((name) => /^loader.*\.js$/.test(name))) {
  copyFileSync(join("dist", file), join(out, file));
}
console.log(`built ${out}`);

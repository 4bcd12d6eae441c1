// Checks the npm package (run after build-package.mjs): `npm pack` ships exactly the built
// files and package.json, every `exports` target exists, the ES module entries import in Node
// without touching the DOM (server rendering), and the README's embed snippet carries the
// current Subresource Integrity hash of loader.js. `--fix` rewrites that hash in the README.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { integrity as integrityOf } from "./integrity.mjs";

const dir = "packages/embed";
const problems = [];

const packed = JSON.parse(
  execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: dir,
    encoding: "utf8",
  }),
)[0].files.map((file) => file.path);
for (const path of packed) {
  const allowed =
    path === "package.json" ||
    path === "README.md" ||
    /^dist\/[\w.-]+\.js$/.test(path) ||
    /^dist\/types\/.+\.d\.ts$/.test(path);
  if (!allowed) problems.push(`npm pack would ship ${path}, which is not part of the package.`);
}
for (const required of [
  "dist/loader.js",
  "dist/index.js",
  "dist/react.js",
  "dist/preact.js",
  "README.md",
]) {
  if (!packed.includes(required)) problems.push(`npm pack does not ship ${required}.`);
}

const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
const targets = (entry) =>
  typeof entry === "string" ? [entry] : Object.values(entry).flatMap(targets);
for (const target of targets(manifest.exports)) {
  if (!existsSync(join(dir, target)))
    problems.push(`exports points at ${target}, which was not built.`);
}

for (const entry of ["index.js", "react.js", "preact.js"]) {
  try {
    await import(`../${dir}/dist/${entry}`);
  } catch (error) {
    problems.push(`dist/${entry} cannot be imported outside a browser: ${error.message}`);
  }
}

const integrity = integrityOf("dist/loader.js");
const readme = readFileSync("README.md", "utf8");
const quoted = /integrity="(sha384-[A-Za-z0-9+/=]+)"/.exec(readme)?.[1];
if (quoted !== integrity) {
  if (process.argv.includes("--fix") && quoted) {
    writeFileSync("README.md", readme.replaceAll(quoted, integrity));
    console.log(`README.md: integrity updated to ${integrity}`);
  } else {
    problems.push(
      `README.md quotes integrity ${quoted ?? "(none)"} but loader.js is ${integrity}; run \`npm run test:package -- --fix\`.`,
    );
  }
}

if (problems.length) {
  for (const problem of problems) console.error(`package: ${problem}`);
  process.exit(1);
}
console.log(`ok   package: ${packed.length} files, loader.js ${integrity}`);

// Enforces the byte budgets in package.json "sizeBudgets" (gzip level 9, deterministic):
//   loader       dist/loader.js, what every host page downloads
//   checkoutApp  the JS + CSS every checkout loads: the app's entry chunk, the chunks it imports
//                and their styles (Vite's manifest); chunks loaded with import() only for plans
//                that need them are listed beside it, each with its own size
// and checks that the README states each measured figure and its budget, so the front page
// never drifts from the build. `--fix` rewrites the README's figures.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const budgets = JSON.parse(readFileSync("package.json", "utf8")).sizeBudgets;
const gzipSize = (path) => gzipSync(readFileSync(path), { level: 9 }).length;

const checkoutDir = "dist/checkout";
const manifest = JSON.parse(readFileSync(join(checkoutDir, ".vite/manifest.json"), "utf8"));
const chunkFiles = (chunk) => [chunk.file, ...(chunk.css ?? [])];
/** The chunk under `key` and everything it imports statically, each once. */
const withImports = (key, seen = new Set()) => {
  if (seen.has(key)) return [];
  seen.add(key);
  const chunk = manifest[key];
  return [
    ...chunkFiles(chunk),
    ...(chunk.imports ?? []).flatMap((next) => withImports(next, seen)),
  ];
};
const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry);
const appFiles = [...new Set(withImports(entryKey))].map((file) => join(checkoutDir, file));
const lazyChunks = Object.values(manifest).filter((chunk) => chunk.isDynamicEntry);
const everyAsset = readdirSync(join(checkoutDir, "assets")).filter((name) =>
  /\.(js|css)$/.test(name),
);
const counted = new Set([
  ...appFiles,
  ...lazyChunks.flatMap(chunkFiles).map((file) => join(checkoutDir, file)),
]);
const uncounted = everyAsset
  .map((name) => join(checkoutDir, "assets", name))
  .filter((file) => !counted.has(file));

// How the README states each figure: "`loader.js`, **2,027 B gzip**, budget 2,048".
const measured = [
  {
    name: "loader",
    files: ["dist/loader.js"],
    inReadme: /(`loader\.js`, \*\*)([\d,]+)( B gzip\*\*, budget )([\d,]+)/,
  },
  {
    name: "checkoutApp",
    files: appFiles,
    inReadme: /(\*\*)([\d,]+)( B gzip\*\* of JS and CSS, budget )([\d,]+)/,
  },
];
const fix = process.argv.includes("--fix");
const figure = (bytes) => bytes.toLocaleString("en-US");
let readme = readFileSync("README.md", "utf8");

let failed = false;
let overBudget = false;
for (const { name, files, inReadme } of measured) {
  const bytes = files.reduce((sum, file) => sum + gzipSize(file), 0);
  const budget = budgets[name];
  const ok = bytes <= budget;
  overBudget ||= !ok;
  console.log(`${ok ? "ok  " : "OVER"} ${name}: ${bytes} B gzip (budget ${budget} B)`);
  const stated = inReadme.exec(readme);
  const expected = [figure(bytes), figure(budget)];
  if (fix && stated) {
    readme = readme.replace(inReadme, `$1${expected[0]}$3${expected[1]}`);
  } else if (stated?.[2] !== expected[0] || stated[4] !== expected[1]) {
    failed = true;
    console.error(
      `README.md states ${name} as ${stated ? `${stated[2]} B, budget ${stated[4]}` : "(nothing)"}; the build measures ${expected[0]} B, budget ${expected[1]}. Run \`npm run test:size -- --fix\`.`,
    );
  }
}
for (const chunk of lazyChunks) {
  const bytes = chunkFiles(chunk).reduce((sum, file) => sum + gzipSize(join(checkoutDir, file)), 0);
  console.log(
    `     on demand: ${chunk.name} ${bytes} B gzip (fetched with import() when the checkout needs it)`,
  );
}
if (uncounted.length) {
  // A file the manifest does not place would escape the budget: refuse rather than guess.
  failed = true;
  console.error(`Assets missing from Vite's manifest: ${uncounted.join(", ")}`);
}
if (fix) writeFileSync("README.md", readme);
if (overBudget) {
  console.error("A size budget is exceeded. Make the code smaller rather than raising the budget.");
}
if (overBudget || failed) process.exit(1);

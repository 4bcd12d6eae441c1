// Enforces the byte budgets in package.json "sizeBudgets" (gzip level 9, deterministic):
//   loader       dist/loader.js, what every host page downloads
//   checkoutApp  all JS + CSS of the iframe app under dist/checkout/assets
// and checks that the README states each measured figure and its budget, so the front page
// never drifts from the build. `--fix` rewrites the README's figures.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const budgets = JSON.parse(readFileSync("package.json", "utf8")).sizeBudgets;
const gzipSize = (path) => gzipSync(readFileSync(path), { level: 9 }).length;

const assetsDir = "dist/checkout/assets";
const appFiles = readdirSync(assetsDir)
  .filter((name) => /\.(js|css)$/.test(name))
  .map((name) => join(assetsDir, name));

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
if (fix) writeFileSync("README.md", readme);
if (overBudget) {
  console.error("A size budget is exceeded. Make the code smaller rather than raising the budget.");
}
if (overBudget || failed) process.exit(1);

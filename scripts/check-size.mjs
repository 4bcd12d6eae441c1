// Enforces the byte budgets in package.json "sizeBudgets" (gzip level 9, deterministic):
//   loader       dist/loader.js, what every host page downloads
//   checkoutApp  all JS + CSS of the iframe app under dist/checkout/assets
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const budgets = JSON.parse(readFileSync("package.json", "utf8")).sizeBudgets;
const gzipSize = (path) => gzipSync(readFileSync(path), { level: 9 }).length;

const assetsDir = "dist/checkout/assets";
const appFiles = readdirSync(assetsDir)
  .filter((name) => /\.(js|css)$/.test(name))
  .map((name) => join(assetsDir, name));

const measured = [
  { name: "loader", files: ["dist/loader.js"] },
  { name: "checkoutApp", files: appFiles },
];

let failed = false;
for (const { name, files } of measured) {
  const bytes = files.reduce((sum, file) => sum + gzipSize(file), 0);
  const budget = budgets[name];
  const ok = bytes <= budget;
  failed ||= !ok;
  console.log(`${ok ? "ok  " : "OVER"} ${name}: ${bytes} B gzip (budget ${budget} B)`);
}
if (failed) {
  console.error("A size budget is exceeded. Make the code smaller rather than raising the budget.");
  process.exit(1);
}

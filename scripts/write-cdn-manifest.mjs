// Writes dist/cdn-manifest.json: where the checkout origin serves loader.js and its
// Subresource Integrity hash, for snippets that pin exactly what runs on a merchant's page.
// The server serves it at /v1/manifest.json.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";

const integrity = (path) =>
  `sha384-${createHash("sha384").update(readFileSync(path)).digest("base64")}`;

const manifest = {
  "loader.js": { path: "/v1/loader.js", integrity: integrity("dist/loader.js") },
  "loader-api.js": { path: "/loader-api.js", integrity: integrity("dist/loader-api.js") },
};
writeFileSync("dist/cdn-manifest.json", `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`loader.js integrity: ${manifest["loader.js"].integrity}`);

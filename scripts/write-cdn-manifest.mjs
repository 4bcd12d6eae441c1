// Writes dist/cdn-manifest.json: where the checkout origin serves loader.js and its
// Subresource Integrity hash, for snippets that pin exactly what runs on a merchant's page.
// The server serves it at /v1/manifest.json.
import { writeFileSync } from "node:fs";
import { integrity, loaderApiPin } from "./integrity.mjs";

const manifest = {
  "loader.js": { path: "/v1/loader.js", integrity: integrity("dist/loader.js") },
  "loader-api.js": loaderApiPin(),
};
writeFileSync("dist/cdn-manifest.json", `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`loader.js integrity: ${manifest["loader.js"].integrity}`);

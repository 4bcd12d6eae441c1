// The Subresource Integrity hash of a built file, as a <script integrity> attribute takes it;
// shared by the build, the CDN manifest and the README check, so all quote the same value.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

const sri = (bytes, algorithm = "sha384") =>
  `${algorithm}-${createHash(algorithm).update(bytes).digest("base64")}`;

export const integrity = (path) => sri(readFileSync(path));

/**
 * Where the checkout origin serves loader-api.js, and its hash: the path is named by the
 * content (a new build, a new path), so a pinned loader.js only ever imports what it was
 * built with. `bytes` defaults to the built file.
 */
export function loaderApiPin(bytes = readFileSync("dist/loader-api.js")) {
  // SHA-256, and a short name: loader.js carries both, within its byte budget. The name is the
  // hash's first characters, so that gzip finds them again in the integrity value.
  const integrity = sri(bytes, "sha256");
  const name = integrity.slice(7, 15).replace(/\+/g, "-").replace(/\//g, "_");
  return { path: `/v1/loader-api.${name}.js`, integrity };
}

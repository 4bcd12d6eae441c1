// The Subresource Integrity hash of a built file, as a <script integrity> attribute takes it;
// shared by the CDN manifest and the README check, so both quote the same value.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

export const integrity = (path) =>
  `sha384-${createHash("sha384").update(readFileSync(path)).digest("base64")}`;

// What the host-cost runs load: every candidate script on one loopback origin, a merchant page
// with N embed elements on another (cross-site, as on a real shop), and what each script weighs.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { Candidate } from "./host-cost.ts";
import { html, javascript, type LoopbackServer, serveLoopback } from "./loopback.ts";

const PLAN_ID = "plan_DemoOneTime01";
const WHOP_DIR = "node_modules/@whop/checkout/dist/static/checkout";

export const SCRIPT_PATHS: Record<Candidate, string> = {
  ours: "/ours/loader.js",
  whop: "/whop/loader.js",
  floor: "/floor/floor.js",
};

export interface ScriptBytes {
  files: string[];
  raw: number;
  gzip: number;
  brotli: number;
}

const EMPTY_PAGE = "<!doctype html><html><head><title></title></head><body></body></html>";

/** Every candidate script, plus the empty page their iframes load, on the script origin. */
export function serveScripts(): Promise<LoopbackServer> {
  const files: Record<string, Buffer> = {
    "/ours/loader.js": readFileSync("dist/loader.js"),
    "/whop/loader.js": readFileSync(`${WHOP_DIR}/loader.js`),
    "/whop/index.js": readFileSync(`${WHOP_DIR}/index.js`),
    "/floor/floor.js": readFileSync("bench/floor-embed.js"),
  };
  return serveLoopback("127.0.0.1", (url) => {
    const file = files[url.pathname];
    if (file) return javascript(file);
    // Our loader frames /embed/checkout, the floor /embed/empty: both get the same empty page,
    // so only the host-side work differs.
    if (url.pathname.startsWith("/embed/")) return html(EMPTY_PAGE);
    return undefined;
  });
}

function hostPage(slots: number): string {
  const elements = Array.from(
    { length: slots },
    (_, index) =>
      `<div class="offer" data-whop-checkout-plan-id="${PLAN_ID}"><p>Offer ${index + 1}: loading checkout…</p></div>`,
  ).join("\n");
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Merchant page</title></head>
<body>
<h1>Merchant page</h1>
<main>
${elements}
</main>
<section id="feed"></section>
</body>
</html>`;
}

export function serveHost(): Promise<LoopbackServer> {
  return serveLoopback("localhost", (url) => {
    if (url.pathname !== "/host") return undefined;
    return html(hostPage(Number(url.searchParams.get("slots"))));
  });
}

/** `dist/*.js` besides loader.js: chunks the loader fetches only on demand. */
export function onDemandScripts(): ScriptBytes | null {
  const names = readdirSync("dist").filter((name) => name.endsWith(".js") && name !== "loader.js");
  if (!names.length) return null;
  return measureBytes(
    names.map((name) => ({ url: `http://dist/${name}`, body: readFileSync(join("dist", name)) })),
  );
}

export function measureBytes(scripts: { url: string; body: Buffer }[]): ScriptBytes {
  const sum = (size: (body: Buffer) => number) =>
    scripts.reduce((total, { body }) => total + size(body), 0);
  return {
    files: scripts.map(({ url }) => new URL(url).pathname),
    raw: sum((body) => body.length),
    gzip: sum((body) => gzipSync(body, { level: 9 }).length),
    brotli: sum(
      (body) =>
        brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    ),
  };
}

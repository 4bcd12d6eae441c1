// Time to an interactive checkout: host navigation start → `whop-checkout:ready`, against our
// real server, versus a plain iframe loading one static page of the same byte size.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Browser, Page } from "@playwright/test";
import { type ServerProcess, spawnServer } from "../test/support/spawn-server.ts";
import { isLoopback } from "./browser.ts";
import { trackFile, trackStop, untrackFile } from "./cleanup.ts";
import { html, type LoopbackServer, serveLoopback } from "./loopback.ts";
import {
  anotherRepetition,
  pairedRatio,
  type Repetitions,
  rotation,
  type Summary,
  summarise,
  withTimeout,
} from "./stats.ts";

const PLAN_ID = "plan_DemoOneTime01";
/**
 * The floor page is served by the real server itself, from its hashed-assets folder (read once
 * at start-up), so it takes the same static-file path as the app's own bundle. Removed after.
 */
const FLOOR_FILE = "bench-floor.html";
const ASSETS_DIR = join("dist", "checkout", "assets");

export interface CriticalRequest {
  /** Path of the request on its origin. */
  path: string;
  /** Where it was made: the host page or the checkout iframe. */
  frame: "host" | "checkout";
  startMs: number;
  endMs: number;
  /** Body bytes as transferred (compressed) and after decoding; null when the browser hides them. */
  transferred: number | null;
  decoded: number | null;
}

export interface AppAsset {
  path: string;
  raw: number;
  gzip: number;
  transferred: number;
}

export interface TimeToReadyResults {
  ours: Summary;
  floor: Summary;
  /** ours ÷ floor, paired within each repetition. */
  ratio: Summary;
  /** Byte size of the floor page: the checkout iframe's critical-path bodies, decoded. */
  floorPageBytes: number;
  /** Requests the embed makes before `ready` (host page document excluded), from one run. */
  criticalPath: CriticalRequest[];
  /** Requests before `ready` in every measured run, to show the path is stable. */
  criticalPathCounts: number[];
  appAssets: AppAsset[];
  /** The app's chunks loaded only when a checkout needs them (none before `ready`, here). */
  onDemandAssets: { name: string; raw: number; gzip: number }[];
  repetitions: number;
}

/** The app's on-demand chunks, from Vite's manifest, with their sizes. */
function onDemandAssets(): TimeToReadyResults["onDemandAssets"] {
  const manifest = JSON.parse(
    readFileSync(join("dist", "checkout", ".vite", "manifest.json"), "utf8"),
  ) as Record<string, { file: string; name: string; isDynamicEntry?: boolean }>;
  return Object.values(manifest)
    .filter((chunk) => chunk.isDynamicEntry)
    .map((chunk) => {
      const file = readFileSync(join("dist", "checkout", chunk.file));
      return { name: chunk.name, raw: file.length, gzip: gzipSync(file, { level: 9 }).length };
    });
}

function serveHost(checkoutOrigin: () => string): Promise<LoopbackServer> {
  return serveLoopback("localhost", (url) => {
    const origin = checkoutOrigin();
    if (url.pathname === "/ours") {
      return html(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Merchant page</title>
<script>
window.readyAt = new Promise((resolve) =>
  document.addEventListener("whop-checkout:ready", () => resolve(performance.now()), { once: true }),
);
</script>
<script async src="${origin}/loader.js"></script>
</head>
<body>
<h1>Merchant page</h1>
<div data-whop-checkout-plan-id="${PLAN_ID}" data-whop-checkout-theme="light"></div>
</body>
</html>`);
    }
    if (url.pathname === "/floor") {
      return html(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Merchant page</title></head>
<body>
<h1>Merchant page</h1>
<iframe title="Checkout" src="${origin}/assets/${FLOOR_FILE}" width="100%" height="540"></iframe>
<script>
const frame = document.querySelector("iframe");
window.readyAt = new Promise((resolve) =>
  frame.addEventListener("load", () => resolve(performance.now()), { once: true }),
);
</script>
</body>
</html>`);
    }
    return undefined;
  });
}

interface TimingEntry {
  name: string;
  initiatorType: string;
  startTime: number;
  responseEnd: number;
  transferSize: number;
  encodedBodySize: number;
  decodedBodySize: number;
}

interface FrameTimings {
  timeOrigin: number;
  entries: TimingEntry[];
}

/** The document's navigation entry and resource entries, with the clock they are relative to. */
const readTimings = (): FrameTimings => ({
  timeOrigin: performance.timeOrigin,
  entries: [
    ...performance.getEntriesByType("navigation"),
    ...performance.getEntriesByType("resource"),
  ].map((entry) => {
    const timing = entry as PerformanceResourceTiming;
    return {
      name: timing.name,
      initiatorType: timing.initiatorType,
      startTime: timing.startTime,
      responseEnd: timing.responseEnd,
      transferSize: timing.transferSize,
      encodedBodySize: timing.encodedBodySize,
      decodedBodySize: timing.decodedBodySize,
    };
  }),
});

interface ReadyRun {
  readyMs: number;
  critical: CriticalRequest[];
}

async function loadOnce(
  browser: Browser,
  url: string,
  checkoutOrigin: string,
  inspect: boolean,
): Promise<ReadyRun> {
  const context = await browser.newContext();
  try {
    const page: Page = await context.newPage();
    const outside: string[] = [];
    context.on("request", (request) => {
      if (!isLoopback(request.url())) outside.push(request.url());
    });
    await page.goto(url, { waitUntil: "commit" });
    const readyMs = await withTimeout(
      page.evaluate(() => (window as unknown as { readyAt: Promise<number> }).readyAt),
      20_000,
      `ready event on ${url}`,
    );
    if (outside.length) throw new Error(`requests left loopback: ${outside.join(", ")}`);
    if (!inspect) return { readyMs, critical: [] };

    // Which requests started before ready, on one clock: absolute time in ms.
    const host = await page.evaluate(readTimings);
    const readyAbsolute = host.timeOrigin + readyMs;
    const frame = page.frames().find((candidate) => candidate.url().startsWith(checkoutOrigin));
    if (!frame) throw new Error("the checkout iframe is missing");
    const inner = await frame.evaluate(readTimings);
    const toRequests = (timings: FrameTimings, where: "host" | "checkout") =>
      timings.entries
        .filter((entry) => timings.timeOrigin + entry.startTime < readyAbsolute)
        .map((entry) => {
          // Cross-origin responses without Timing-Allow-Origin report 0 bytes: unknown, not 0.
          const hidden = entry.decodedBodySize === 0 && entry.transferSize === 0;
          const sinceHostStart = (ms: number) => timings.timeOrigin + ms - host.timeOrigin;
          const parsed = new URL(entry.name);
          return {
            path: `${parsed.pathname}${parsed.search}`,
            frame: where,
            startMs: sinceHostStart(entry.startTime),
            endMs: sinceHostStart(entry.responseEnd),
            transferred: hidden ? null : entry.encodedBodySize,
            decoded: hidden ? null : entry.decodedBodySize,
          };
        });
    // The host's own document and its record of the iframe's navigation are not embed requests
    // (the iframe document is counted once, from inside the frame).
    const hostTimings = {
      ...host,
      entries: host.entries.filter(
        (entry) => !["navigation", "iframe"].includes(entry.initiatorType),
      ),
    };
    const critical = [...toRequests(hostTimings, "host"), ...toRequests(inner, "checkout")].sort(
      (a, b) => a.startMs - b.startMs,
    );
    return { readyMs, critical };
  } finally {
    await context.close();
  }
}

/** A static HTML page of exactly `size` bytes whose filler is the checkout's own (inert) text. */
async function buildFloorPage(size: number, urls: string[]): Promise<Buffer> {
  const bodies = await Promise.all(
    urls.map(async (url) => Buffer.from(await (await fetch(url)).arrayBuffer())),
  );
  const head = Buffer.from(
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Checkout</title></head>' +
      '<body><p>A static page as large as the checkout.</p><script type="text/plain">',
  );
  const tail = Buffer.from("</script></body></html>");
  // Inert text: nothing in it may close the script element early.
  const filler = Buffer.from(Buffer.concat(bodies).toString("latin1").replaceAll("</", "<\\/"));
  const room = size - head.length - tail.length;
  const padded = Buffer.alloc(Math.max(room, 0), " ");
  filler.copy(padded, 0, 0, Math.min(filler.length, padded.length));
  return Buffer.concat([head, padded, tail]);
}

/** The server as `npm start` runs it; its `stop` also forgets it for the run's clean-up. */
async function start(): Promise<ServerProcess> {
  const server = await spawnServer({ env: { EMBED_ORIGINS: "http://localhost:*" } });
  const untrack = trackStop(server.stop);
  return {
    ...server,
    stop: () => {
      untrack();
      return server.stop();
    },
  };
}

export async function measureTimeToReady(
  browser: Browser,
  plan: Repetitions,
  log: (line: string) => void,
): Promise<TimeToReadyResults> {
  let server: ServerProcess | null = await start();
  let checkoutOrigin = server.checkoutOrigin;
  const hostServer = await serveHost(() => checkoutOrigin);
  const floorPath = join(ASSETS_DIR, FLOOR_FILE);
  try {
    // A first, unmeasured load finds the critical path and warms up the server.
    const probe = await loadOnce(browser, `${hostServer.origin}/ours`, checkoutOrigin, true);
    const inFrame = probe.critical.filter((request) => request.frame === "checkout");
    const floorPageBytes = inFrame.reduce((sum, request) => sum + (request.decoded ?? 0), 0);
    const floorPage = await buildFloorPage(
      floorPageBytes,
      inFrame.map((request) => `${checkoutOrigin}${request.path}`),
    );

    // The server reads its assets once at start-up, so it is restarted with the floor page.
    await server.stop();
    server = null;
    trackFile(floorPath);
    writeFileSync(floorPath, floorPage);
    server = await start();
    checkoutOrigin = server.checkoutOrigin;
    await loadOnce(browser, `${hostServer.origin}/floor`, checkoutOrigin, false);
    await loadOnce(browser, `${hostServer.origin}/ours`, checkoutOrigin, false);

    const samples = { ours: [] as number[], floor: [] as number[] };
    const counts: number[] = [];
    let criticalPath: CriticalRequest[] = probe.critical;
    const startedAt = Date.now();
    let repetitions = 0;
    for (let rep = 0; anotherRepetition(plan, rep, startedAt); rep++) {
      repetitions = rep + 1;
      for (const candidate of rotation(["ours", "floor"] as const, rep)) {
        const inspect = candidate === "ours";
        const run = await loadOnce(
          browser,
          `${hostServer.origin}/${candidate}`,
          checkoutOrigin,
          inspect,
        );
        samples[candidate].push(run.readyMs);
        if (inspect) {
          counts.push(run.critical.length);
          criticalPath = run.critical;
        }
      }
    }
    log(`time to ready: ${repetitions} repetitions done`);

    const appAssets = criticalPath
      .filter((request) => /^\/assets\/.+\.(js|css)$/.test(request.path))
      .map((request) => {
        const file = readFileSync(join(ASSETS_DIR, request.path.slice("/assets/".length)));
        return {
          path: request.path,
          raw: file.length,
          gzip: gzipSync(file, { level: 9 }).length,
          transferred: request.transferred ?? file.length,
        };
      });
    return {
      ours: summarise(samples.ours),
      floor: summarise(samples.floor),
      ratio: pairedRatio(samples.ours, samples.floor),
      floorPageBytes,
      criticalPath,
      criticalPathCounts: counts,
      onDemandAssets: onDemandAssets(),
      appAssets,
      repetitions,
    };
  } finally {
    rmSync(floorPath, { force: true });
    untrackFile(floorPath);
    await hostServer.close();
    await server?.stop();
  }
}

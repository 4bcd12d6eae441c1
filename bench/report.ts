// Renders the raw results as docs/benchmarks.md: tables of medians with their min–max range.

import {
  bytes,
  failed,
  ms,
  notMeasured,
  range,
  ratio,
  type SectionFailure,
  table,
} from "./format.ts";
import type { HostCostResults } from "./host-cost.ts";
import type { Machine } from "./machine.ts";
import { hostHeadlines, hostSection } from "./report-host.ts";
import { serverHeadlines, serverSection } from "./report-server.ts";
import type { ServerLoadResults } from "./server-load.ts";
import type { TimeToReadyResults } from "./time-to-ready.ts";

export interface BenchResults {
  machine: Machine;
  chromium: string;
  /** Load averages when the run ended, to compare with the start. */
  loadAverageAtEnd: number[];
  totalSeconds: number;
  hostCost: HostCostResults | SectionFailure;
  timeToReady: TimeToReadyResults | SectionFailure;
  server: ServerLoadResults | SectionFailure;
}

/**
 * Longest chain of requests where each starts only after the previous one ended: the number of
 * round trips the critical path needs, as far as timing alone can tell.
 */
function sequentialSteps(requests: { startMs: number; endMs: number }[]): number {
  const sorted = [...requests].sort((a, b) => a.startMs - b.startMs);
  const depth: number[] = [];
  sorted.forEach((request, index) => {
    const before = sorted
      .slice(0, index)
      .map((earlier, at) => (earlier.endMs <= request.startMs ? depth[at]! : 0));
    depth.push(1 + Math.max(0, ...before));
  });
  return Math.max(0, ...depth);
}

function readySection({ timeToReady: ready }: BenchResults): string {
  if (failed(ready)) return notMeasured("## 2. Time to an interactive checkout", ready);
  const embedRequests = ready.criticalPath.length;
  return `## 2. Time to an interactive checkout

Host navigation start → \`whop-checkout:ready\` on the host page: our \`loader.js\` against the real
server (started as \`npm start\` starts it, free ports, fresh database). Floor: the same host page
with a plain \`<iframe>\` loading one static HTML page of the same byte size
(${bytes(ready.floorPageBytes)} B, the checkout iframe's critical-path bodies, decoded) from the same
server, until its \`load\` event. ${ready.repetitions} repetitions, alternating, fresh context each.

${table(
  ["page", "ms, median (min–max)"],
  [
    ["ours: loader → checkout ready", range(ready.ours, ms)],
    ["floor: static iframe loaded", range(ready.floor, ms)],
    ["ratio ours ÷ floor (paired)", range(ready.ratio, ratio)],
  ],
)}

### Requests before \`ready\` (${embedRequests}, after the host document; every run: ${ready.criticalPathCounts.join(", ")})

${sequentialSteps(ready.criticalPath)} of them one after another (each starting after the previous one ended); the rest in
parallel. From the last measured run:

${table(
  ["request", "frame", "start ms", "end ms", "transferred B", "decoded B"],
  ready.criticalPath.map((request) => [
    `\`${request.path.replace(/\?.*$/, "?…")}\``,
    request.frame,
    ms(request.startMs),
    ms(request.endMs),
    request.transferred === null ? "n/a (cross-origin)" : bytes(request.transferred),
    request.decoded === null ? "n/a (cross-origin)" : bytes(request.decoded),
  ]),
)}

### Iframe app assets

${table(
  ["asset", "raw B", "gzip -9 B", "as served B"],
  [
    ...ready.appAssets.map((asset) => [
      `\`${asset.path}\``,
      bytes(asset.raw),
      bytes(asset.gzip),
      bytes(asset.transferred),
    ]),
    [
      "total JS + CSS",
      bytes(ready.appAssets.reduce((sum, asset) => sum + asset.raw, 0)),
      bytes(ready.appAssets.reduce((sum, asset) => sum + asset.gzip, 0)),
      bytes(ready.appAssets.reduce((sum, asset) => sum + asset.transferred, 0)),
    ],
  ],
)}
${onDemandSentence(ready.onDemandAssets)}`;
}

/** The app's chunks not loaded before `ready`: what a checkout that needs one adds, later. */
const ON_DEMAND_USE: Record<string, string> = {
  details:
    "the buyer-details fields (addresses, phone) with libphonenumber-js's and postcode-validator's data, for checkouts that collect them",
  ChallengeView: "the 3-D Secure style step, for a payment that needs it",
  SuccessView: "the confirmation, fetched when the buyer pays or enters",
};

function onDemandSentence(assets: TimeToReadyResults["onDemandAssets"]): string {
  if (!assets.length) return "";
  const list = assets.map(
    (asset) =>
      `\`${asset.name}\` (${bytes(asset.raw)} B raw, ${bytes(asset.gzip)} B gzip${ON_DEMAND_USE[asset.name] ? `: ${ON_DEMAND_USE[asset.name]}` : ""})`,
  );
  return `\nNot loaded before \`ready\`, and not counted above: the app's on-demand chunks ${list.join("; ")}.\n`;
}

/** The run's headline figures, one Markdown list item each (benchmarks.md and the README). */
export function headlineLines({
  hostCost: host,
  timeToReady: ready,
  server,
}: BenchResults): string[] {
  const lines: string[] = [];
  if (!failed(host)) lines.push(...hostHeadlines(host));
  if (!failed(ready)) {
    lines.push(
      `- Checkout interactive ${ms(ready.ours.median)} ms after host navigation start, ${ratio(ready.ratio.median)} the time a same-size static iframe takes to load (${ms(ready.floor.median)} ms).`,
    );
  }
  if (!failed(server)) lines.push(...serverHeadlines(server));
  return lines;
}

const headlines = (results: BenchResults) =>
  headlineLines(results).join("\n") || "- No section could be measured.";

/** The README's copy of the headlines, between these markers. */
const README_HEADLINES = /(<!-- bench-headlines:start -->\n)[\s\S]*?(<!-- bench-headlines:end -->)/;

/** `readme` with its headlines block holding `lines`. */
export const withHeadlines = (readme: string, lines: string[]) =>
  readme.replace(README_HEADLINES, (_, start, end) => `${start}${lines.join("\n")}\n${end}`);

export function renderReport(results: BenchResults): string {
  const { machine } = results;
  const busy = machine.loadAverage[0]! > machine.cores / 2;
  return `# Benchmarks

Generated by \`npm run bench\` on ${machine.date} (commit ${machine.commit}), in
${Math.round(results.totalSeconds)} s. Figures are medians with the min–max range of the
repetitions. Raw samples: [benchmarks.json](benchmarks.json).

${
  busy
    ? `> **Noisy run.** The machine was shared and busy (load average ${machine.loadAverage.join(", ")} at the start, ${results.loadAverageAtEnd.join(", ")} at the end, on ${machine.cores} cores). Absolute times are inflated and spread out; ratios between candidates measured side by side are more trustworthy than the absolute figures.\n`
    : ""
}
## Headlines

${headlines(results)}

## Machine

${table(
  ["", "value"],
  [
    ["CPU", `${machine.cpu}, ${machine.cores} cores`],
    ["memory", `${machine.memoryGiB} GiB (${machine.freeMemoryGiB} GiB free at start)`],
    ["OS", machine.os],
    ["Node.js", machine.node],
    ["browser", `Chromium ${results.chromium} (headless, flags of \`playwright.config.ts\`)`],
    [
      "load average (1, 5, 15 min)",
      `${machine.loadAverage.join(", ")} at start; ${results.loadAverageAtEnd.join(", ")} at end`,
    ],
  ],
)}

${hostSection(results.hostCost)}

${readySection(results)}

${failed(results.server) ? notMeasured("## 3. Server", results.server) : serverSection(results.server)}

## How to reproduce

\`\`\`sh
npm install
npm run bench      # builds, then measures; about 6–7 minutes on 2 cores
\`\`\`

It needs Chromium at \`/usr/bin/chromium\` (or \`CHROMIUM_PATH\`), wrk for the server section
(Debian's \`wrk\` package; without it that section says so) and, for the PostgreSQL rows, a
PostgreSQL server at \`TEST_DATABASE_URL\` (without one those rows say why they are missing). It
starts every server itself on free loopback ports, stops by itself, and rewrites this file and
\`docs/benchmarks.json\`. The
browser resolves only \`localhost\` and \`127.0.0.1\`; every other host name fails, so no request
leaves the machine. The code is in \`bench/\`.

Method notes:

- **Noise**: the machine is shared, and other people's jobs may run during a run; the load
  averages above say how busy it was. Compare candidates within one run (they alternate, so
  they share the conditions); compare separate runs only loosely.

- **Platform embed script**: \`@whop/checkout\` from npm, its \`dist/static/checkout/loader.js\`,
  which injects \`index.js\` from the same folder. Its iframes point at whop.com, which is
  unreachable here, so only its host-side cost is measured. Our loader's and the floor's iframes
  get the same empty page from the script origin, so only host-side work differs.
- **Floor script** (\`bench/floor-embed.js\`): one bare iframe per element whose \`src\` is an
  empty page on the script's (cross-site) origin. Not \`about:blank\`: those frames would run in
  the host's own process and cost more than a real cross-site frame.
- **Attach time** is taken in the page: \`performance.now()\` when the script element is added,
  and again in the mutation observer callback that first sees an iframe in every embed element.
- **Churn** appends 100 \`<div>\`s per task, one at a time, for 100 tasks chained through a
  \`MessageChannel\` (no timer clamping); the time ends in the task after the last append, after
  every mutation observer callback has run.
`;
}

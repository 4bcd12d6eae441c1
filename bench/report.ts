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
import {
  CANDIDATES,
  type Candidate,
  type ChurnCandidate,
  type HostCostResults,
  IFRAME_COUNTS,
  LABELS,
  MOST_EMBEDS,
} from "./host-cost.ts";
import { SETTLE_MS } from "./host-page-run.ts";
import type { Machine } from "./machine.ts";
import { serverHeadlines, serverSection } from "./report-server.ts";
import type { ServerLoadResults } from "./server-load.ts";
import type { Summary } from "./stats.ts";
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

/** The Long Tasks API reports tasks from this long on; a shorter longest task reads "<50". */
const LONG_TASK_MS = 50;
const longTask = (value: number) => (value < LONG_TASK_MS ? `<${LONG_TASK_MS}` : ms(value));

/** The longest-task table; results of runs before it was measured have none. */
function longestTasks(host: HostCostResults): string {
  if (!host.longestTaskMs) return "Not measured in this run.";
  return table(
    ["candidate", ...IFRAME_COUNTS.map((count) => `N = ${count}`)],
    CANDIDATES.map((candidate) => [
      LABELS[candidate],
      ...IFRAME_COUNTS.map((count) => range(host.longestTaskMs[candidate][count]!, longTask)),
    ]),
  );
}

/** The 100-embed headline's longest tasks, when the run measured them. */
const longestTaskHeadline = (host: HostCostResults) => {
  const longest = host.longestTaskMs;
  if (!longest) return "";
  const at = (candidate: Candidate) => longTask(longest[candidate][MOST_EMBEDS]!.median);
  return `; the longest task the page waited for ${at("ours")} ms (platform ${at("whop")}, floor ${at("floor")})`;
};

function hostSection({ hostCost: host }: BenchResults): string {
  if (failed(host)) return notMeasured("## 1. Host-page cost", host);
  const perCount = (
    source: Record<Candidate, Record<number, Summary>>,
    baseline?: Record<number, Summary>,
  ) =>
    table(
      ["candidate", ...IFRAME_COUNTS.map((count) => `N = ${count}`)],
      [
        ...(baseline
          ? [[LABELS.none, ...IFRAME_COUNTS.map((count) => range(baseline[count]!, ms))]]
          : []),
        ...CANDIDATES.map((candidate) => [
          LABELS[candidate],
          ...IFRAME_COUNTS.map((count) => range(source[candidate][count]!, ms)),
        ]),
      ],
    );
  const churnRows: ChurnCandidate[] = ["none", ...CANDIDATES];
  const blocked = CANDIDATES.filter((candidate) => host.blockedHosts[candidate].length)
    .map((candidate) => `${LABELS[candidate]}: ${host.blockedHosts[candidate].join(", ")}`)
    .join("; ");
  return `## 1. Host-page cost

Each candidate is loaded cross-site (page on \`localhost\`, script on \`127.0.0.1\`, two loopback
ports) into a fresh browser context, by adding its \`<script async>\` to an already loaded page
with N embed elements. ${host.repetitions} repetitions, candidates alternating in rotated order;
then ${host.extraPairs} extra alternating pairs for the two ratios nearest 1, which the machine's
swings between loads hide in a few repetitions: ours and the floor at N = ${MOST_EMBEDS}, ours and no
script on the appending page (their rows below have that many more samples).

### JavaScript the host downloads

${table(
  ["candidate", "files", "raw B", "gzip -9 B", "brotli q11 B"],
  CANDIDATES.map((candidate) => {
    const size = host.bytes[candidate];
    if (!size) return [LABELS[candidate], "no run completed", "", "", ""];
    return [
      LABELS[candidate],
      size.files.map((file) => `\`${file.split("/").pop()}\``).join(" + "),
      bytes(size.raw),
      bytes(size.gzip),
      bytes(size.brotli),
    ];
  }),
)}

${
  host.ourOnDemand
    ? `Not downloaded in these runs: our build's on-demand ${host.ourOnDemand.files.map((file) => `\`${file.split("/").pop()}\``).join(", ")} (${bytes(host.ourOnDemand.raw)} B raw, ${bytes(host.ourOnDemand.gzip)} B gzip, ${bytes(host.ourOnDemand.brotli)} B brotli), which the loader fetches only when the page calls a helper that needs it.\n`
    : ""
}
### Script request → all N iframes attached (ms)

${perCount(host.attachMs)}

### Host main-thread scripting time (ms)

CDP \`Performance.getMetrics\` \`ScriptDuration\` delta, from just before the script is added until
${SETTLE_MS} ms after the last iframe is attached. Cross-site iframes run in other renderer
processes and are not counted. The first row is the same page over the same window with no
script injected (so the attach observer does not run either): what the page costs by itself.

${perCount(host.scriptMs, host.baselineScriptMs)}

The same script time ÷ the floor's at the same N, paired within each repetition (a pair shares
the machine's speed at that moment, which drifts between repetitions):

${table(
  ["candidate ÷ floor", ...IFRAME_COUNTS.map((count) => `N = ${count}`)],
  CANDIDATES.filter((candidate) => candidate !== "floor").map((candidate) => [
    LABELS[candidate],
    ...IFRAME_COUNTS.map((count) => range(host.scriptRatioToFloor[candidate][count]!, ratio)),
  ]),
)}

All main-thread task time over the same window (\`TaskDuration\` delta: script, style, layout,
frame creation):

${perCount(host.taskMs, host.baselineTaskMs)}

The longest main-thread task over the same window (Long Tasks API, which reports tasks of
${LONG_TASK_MS} ms or more: "<${LONG_TASK_MS}" when there was none), the longest the page's input and rendering waited:

${longestTasks(host)}

### Page appending 10,000 unrelated elements in 100 tasks (one embed on the page)

Ratios are candidate ÷ no-script page, paired within each repetition.

${table(
  ["candidate", "wall time ms", "wall ratio", "script time ms", "script ratio"],
  churnRows.map((candidate) => [
    LABELS[candidate],
    range(host.churnWallMs[candidate], ms),
    candidate === "none" ? "1" : range(host.churnWallRatio[candidate], ratio),
    range(host.churnScriptMs[candidate], ms),
    candidate === "none" ? "1" : range(host.churnScriptRatio[candidate], ratio),
  ]),
)}

Requests outside loopback (refused by the browser's resolver): ${blocked || "none"}.
${host.failures.length ? `\nFailed runs (not retried): ${host.failures.join("; ")}.\n` : ""}`;
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
  if (!failed(host) && host.bytes.ours && host.bytes.whop && host.bytes.floor) {
    const ours = host.bytes.ours;
    const whop = host.bytes.whop;
    lines.push(
      `- Host downloads ${bytes(ours.gzip)} B gzip of our JavaScript vs. ${bytes(whop.gzip)} B for the platform's embed script (${ratio(ours.gzip / whop.gzip)}) and ${bytes(host.bytes.floor.gzip)} B for the floor.`,
      `- One embed attached in ${ms(host.attachMs.ours[1]!.median)} ms (platform ${ms(host.attachMs.whop[1]!.median)}, floor ${ms(host.attachMs.floor[1]!.median)}); host scripting ${ms(host.scriptMs.ours[1]!.median)} ms (platform ${ms(host.scriptMs.whop[1]!.median)}, floor ${ms(host.scriptMs.floor[1]!.median)}).`,
      `- ${MOST_EMBEDS} embeds on one page: host scripting ${ratio(host.scriptRatioToFloor.ours[MOST_EMBEDS]!.median)} that of bare iframes (platform ${ratio(host.scriptRatioToFloor.whop[MOST_EMBEDS]!.median)}), paired load by load${longestTaskHeadline(host)}.`,
      `- A page appending 10,000 elements spends ${ratio(host.churnScriptRatio.ours.median)} the script time of the same page without an embed with our loader, ${ratio(host.churnScriptRatio.whop.median)} with the platform's.`,
    );
  }
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

${hostSection(results)}

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

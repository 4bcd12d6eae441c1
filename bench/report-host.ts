// The host-page section of docs/benchmarks.md: our loader beside the platform's embed script
// and the bare-iframe floor, on the same pages.
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
import type { Summary } from "./stats.ts";

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

export function hostSection(host: HostCostResults | SectionFailure): string {
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

/** The headlines of the host-page section: bytes, one embed, 100 embeds, a busy page. */
export function hostHeadlines(host: HostCostResults): string[] {
  if (!host.bytes.ours || !host.bytes.whop || !host.bytes.floor) return [];
  const ours = host.bytes.ours;
  const whop = host.bytes.whop;
  return [
    `- Host downloads ${bytes(ours.gzip)} B gzip of our JavaScript vs. ${bytes(whop.gzip)} B for the platform's embed script (${ratio(ours.gzip / whop.gzip)}) and ${bytes(host.bytes.floor.gzip)} B for the floor.`,
    `- One embed attached in ${ms(host.attachMs.ours[1]!.median)} ms (platform ${ms(host.attachMs.whop[1]!.median)}, floor ${ms(host.attachMs.floor[1]!.median)}); host scripting ${ms(host.scriptMs.ours[1]!.median)} ms (platform ${ms(host.scriptMs.whop[1]!.median)}, floor ${ms(host.scriptMs.floor[1]!.median)}).`,
    `- ${MOST_EMBEDS} embeds on one page: host scripting ${ratio(host.scriptRatioToFloor.ours[MOST_EMBEDS]!.median)} that of bare iframes (platform ${ratio(host.scriptRatioToFloor.whop[MOST_EMBEDS]!.median)}), paired load by load${longestTaskHeadline(host)}.`,
    `- A page appending 10,000 elements spends ${ratio(host.churnScriptRatio.ours.median)} the script time of the same page without an embed with our loader, ${ratio(host.churnScriptRatio.whop.median)} with the platform's.`,
  ];
}

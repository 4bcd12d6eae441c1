// `npm run bench`: every measurement in one bounded run, then docs/benchmarks.md and .json.
// Assumes a fresh build (the npm script builds first).
import { writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { launchBrowser } from "./browser.ts";
import { cleanUpNow } from "./cleanup.ts";
import { measureHostCost } from "./host-cost.ts";
import { describeMachine } from "./machine.ts";
import { type BenchResults, renderReport } from "./report.ts";
import { measureServerLoad } from "./server-load.ts";
import { measureTimeToReady } from "./time-to-ready.ts";

const REPETITIONS = { hostCost: 5, timeToReady: 9, server: 3 };
const SERVER_SECONDS = 3;
/** The whole run must finish well within five minutes; past this it gives up. */
const HARD_LIMIT_MS = 270_000;

const started = Date.now();
const log = (line: string) =>
  console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${line}`);

const watchdog = setTimeout(() => {
  console.error(`[bench] gave up after ${HARD_LIMIT_MS / 1000} s; nothing was written.`);
  cleanUpNow();
  process.exit(1);
}, HARD_LIMIT_MS);

const machine = describeMachine();
log(`${machine.cpu}, ${machine.cores} cores, load average ${machine.loadAverage.join(" ")}`);

const browser = await launchBrowser();
let results: BenchResults;
try {
  const chromium = browser.version();
  const hostCost = await measureHostCost(browser, REPETITIONS.hostCost, log);
  const timeToReady = await measureTimeToReady(browser, REPETITIONS.timeToReady, log);
  await browser.close();
  const server = await measureServerLoad(REPETITIONS.server, SERVER_SECONDS, log);
  results = {
    machine,
    chromium,
    loadAverageAtEnd: loadavg().map((value) => Math.round(value * 100) / 100),
    totalSeconds: (Date.now() - started) / 1000,
    hostCost,
    timeToReady,
    server,
  };
} finally {
  await browser.close();
}

writeFileSync("docs/benchmarks.json", `${JSON.stringify(results, null, 2)}\n`);
writeFileSync("docs/benchmarks.md", renderReport(results));
clearTimeout(watchdog);
log("wrote docs/benchmarks.md and docs/benchmarks.json");

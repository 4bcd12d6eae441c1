// `npm run bench`: every measurement in one bounded run, then docs/benchmarks.md and .json.
// Assumes a fresh build (the npm script builds first).
import { readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { launchBrowser } from "./browser.ts";
import { cleanUp } from "./cleanup.ts";
import type { SectionFailure } from "./format.ts";
import { measureHostCost } from "./host-cost.ts";
import { describeMachine } from "./machine.ts";
import { type BenchResults, headlineLines, renderReport, withHeadlines } from "./report.ts";
import { measureServerLoad } from "./server-load.ts";
import { measureTimeToReady } from "./time-to-ready.ts";

/**
 * Repetitions: a minimum, and more while the section's time budget lasts (the machine may be
 * busy). Host cost ≈ 25 s per repetition, then ≈ 6 s per extra pair of its two closest
 * ratios; time to ready ≈ 1.5 s, server a warm-up of 40 s, then 12 × 3 s (4 targets, 3
 * routes), then 2 × 3 s (payments offered at the target rate to the floor and SQLite).
 */
const HOST_COST = { min: 3, max: 7, budgetMs: 80_000 };
const HOST_COST_PAIRS = { min: 6, max: 16, budgetMs: 60_000 };
const TIME_TO_READY = { min: 5, max: 15, budgetMs: 20_000 };
const SERVER_REPETITIONS = 3;
const SERVER_SECONDS = 3;
/** The whole run must finish within nine minutes (it takes six to seven); past this it gives up. */
const HARD_LIMIT_MS = 540_000;

const started = Date.now();
const log = (line: string) =>
  console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${line}`);

/** Stops the run, and the servers it started; the results are written only at the end. */
function stop(why: string): void {
  console.error(`[bench] ${why}; nothing was written.`);
  void cleanUp().finally(() => process.exit(1));
}
const watchdog = setTimeout(() => stop(`gave up after ${HARD_LIMIT_MS / 1000} s`), HARD_LIMIT_MS);
// Stopped by Ctrl-C or `kill`, the run still stops its servers, removes their folders and
// drops their schemas.
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => stop(signal));

/** Runs one section; a failure is reported in its place instead of losing the other sections. */
async function section<T>(name: string, measure: () => Promise<T>): Promise<T | SectionFailure> {
  try {
    return await measure();
  } catch (error) {
    log(`${name} failed: ${(error as Error).stack ?? error}`);
    process.exitCode = 1;
    return { error: (error as Error).message.split("\n")[0] ?? String(error) };
  }
}

const machine = describeMachine();
log(`${machine.cpu}, ${machine.cores} cores, load average ${machine.loadAverage.join(" ")}`);

const browser = await launchBrowser();
let results: BenchResults;
try {
  const chromium = browser.version();
  const hostCost = await section("host cost", () =>
    measureHostCost(browser, HOST_COST, HOST_COST_PAIRS, log),
  );
  const timeToReady = await section("time to ready", () =>
    measureTimeToReady(browser, TIME_TO_READY, log),
  );
  await browser.close();
  const server = await section("server", () =>
    measureServerLoad(SERVER_REPETITIONS, SERVER_SECONDS, log),
  );
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
// The README quotes the headlines; test/server/readme.test.ts holds it to benchmarks.json.
const readme = readFileSync("README.md", "utf8");
writeFileSync("README.md", withHeadlines(readme, headlineLines(results)));
clearTimeout(watchdog);
log("wrote docs/benchmarks.md, docs/benchmarks.json and the README's headlines");

// Host-page cost of an embed script: bytes, time to attach its iframes, main-thread scripting
// time, and how much it slows down a page that keeps changing its DOM.
import type { Browser } from "@playwright/test";
import { FAILED_LOAD, type PageRun, runPage } from "./host-page-run.ts";
import {
  measureBytes,
  onDemandScripts,
  SCRIPT_PATHS,
  type ScriptBytes,
  serveHost,
  serveScripts,
} from "./host-pages.ts";
import {
  anotherRepetition,
  pairedRatio,
  type Repetitions,
  rotation,
  type Summary,
  summarise,
} from "./stats.ts";

export const CANDIDATES = ["ours", "whop", "floor"] as const;
export type Candidate = (typeof CANDIDATES)[number];
/** The churn test also runs the page without any embed script, as the ratio's denominator. */
export type ChurnCandidate = Candidate | "none";

export const LABELS: Record<ChurnCandidate, string> = {
  ours: "ours (`dist/loader.js`)",
  whop: "platform (`@whop/checkout` loader.js + index.js)",
  floor: "floor (one bare cross-site iframe per element)",
  none: "no embed script",
};

/** The largest N: the many-embeds case. */
export const MOST_EMBEDS = 100;
export const IFRAME_COUNTS = [1, 10, MOST_EMBEDS] as const;

export interface HostCostResults {
  /** Missing for a candidate none of whose runs completed. */
  bytes: Partial<Record<Candidate, ScriptBytes>>;
  /** Other scripts our build ships next to loader.js, fetched only when the page asks for them. */
  ourOnDemand: ScriptBytes | null;
  /** Per candidate and iframe count: ms from the script request to the last iframe attached. */
  attachMs: Record<Candidate, Record<number, Summary>>;
  /** Main-thread script time (CDP ScriptDuration delta), script request + settle period. */
  scriptMs: Record<Candidate, Record<number, Summary>>;
  /**
   * Script time ÷ the floor's at the same N, paired within each repetition: the machine's
   * speed drifts between repetitions, and a pair shares it. The floor's own row is all 1.
   */
  scriptRatioToFloor: Record<Candidate, Record<number, Summary>>;
  /** Main-thread busy time of every task (CDP TaskDuration delta) over the same period. */
  taskMs: Record<Candidate, Record<number, Summary>>;
  /**
   * The longest main-thread task over the same period (Long Tasks API: 0 when none reached
   * its 50 ms threshold): how long the page's input and rendering had to wait at most.
   */
  longestTaskMs: Record<Candidate, Record<number, Summary>>;
  /** Script and task time of the same page and window without any embed script. */
  baselineScriptMs: Record<number, Summary>;
  baselineTaskMs: Record<number, Summary>;
  churnWallMs: Record<ChurnCandidate, Summary>;
  churnScriptMs: Record<ChurnCandidate, Summary>;
  /** Candidate ÷ no-script, paired within each repetition (wall time and script time). */
  churnWallRatio: Record<Candidate, Summary>;
  churnScriptRatio: Record<Candidate, Summary>;
  /** Hosts outside loopback the candidates tried to reach (all were refused). */
  blockedHosts: Record<Candidate, string[]>;
  /** Runs that failed (e.g. not every iframe attached in time); such cases are not retried. */
  failures: string[];
  repetitions: number;
  /**
   * Extra pairs after the repetitions (`measureHostCost`'s `pairs`), each adding one sample to
   * both sides of ours ÷ floor at `MOST_EMBEDS` and of ours ÷ no script on the appending page.
   */
  extraPairs: number;
}

const perCandidateFrom = <T>(make: (candidate: Candidate) => T) =>
  Object.fromEntries(CANDIDATES.map((candidate) => [candidate, make(candidate)])) as Record<
    Candidate,
    T
  >;
const perCandidate = <T>(make: () => T) => perCandidateFrom(() => make());

/**
 * Measures every candidate at every N, `plan` times; then, `pairs` times, only the two ratios
 * nearest 1 (ours ÷ floor at `MOST_EMBEDS`, ours ÷ no script on the appending page), whose
 * differences are smaller than the machine's swings between loads: a repetition of everything
 * takes some twenty seconds, a pair of each a few.
 */
export async function measureHostCost(
  browser: Browser,
  plan: Repetitions,
  pairs: Repetitions,
  log: (line: string) => void,
): Promise<HostCostResults> {
  const scriptServer = await serveScripts();
  const hostServer = await serveHost();
  try {
    const scriptUrl = (candidate: ChurnCandidate) =>
      candidate === "none" ? null : `${scriptServer.origin}${SCRIPT_PATHS[candidate]}`;
    const attach = perCandidate(() => new Map<number, number[]>());
    const script = perCandidate(() => new Map<number, number[]>());
    const task = perCandidate(() => new Map<number, number[]>());
    const longestTask = perCandidate(() => new Map<number, number[]>());
    // The same page and measuring window without any embed script: what the harness costs.
    const baselineScript = new Map<number, number[]>();
    const baselineTask = new Map<number, number[]>();
    const churnCandidates: ChurnCandidate[] = [...CANDIDATES, "none"];
    const churnWall = new Map<ChurnCandidate, number[]>(churnCandidates.map((c) => [c, []]));
    const churnScript = new Map<ChurnCandidate, number[]>(churnCandidates.map((c) => [c, []]));
    const bytes: Partial<Record<Candidate, ScriptBytes>> = {};
    const failures: string[] = [];
    const gaveUp = new Set<string>();
    /** One page load; a failure is logged, recorded once, and that case is not run again. */
    const attempt = async (what: string, load: () => Promise<PageRun>) => {
      if (gaveUp.has(what)) return null;
      try {
        return await load();
      } catch (error) {
        gaveUp.add(what);
        failures.push(`${what}: ${(error as Error).message.split("\n")[0]}`);
        log(`host cost: ${what} failed, not retried: ${(error as Error).message}`);
        return null;
      }
    };
    const blocked = perCandidate(() => new Set<string>());
    const push = (map: Map<number, number[]>, key: number, value: number) =>
      map.set(key, [...(map.get(key) ?? []), value]);

    /**
     * One page with `slots` embed elements and `candidate`'s script, recorded under both. A
     * failed load counts as NaN, which keeps the repetitions aligned for the paired ratios.
     */
    const embedLoad = async (candidate: ChurnCandidate, slots: number) => {
      const run = await attempt(`${candidate}, N = ${slots}`, () =>
        runPage(browser, hostServer.origin, scriptUrl(candidate), slots, false),
      );
      const { attachMs, scriptMs, taskMs, longestTaskMs } = run ?? FAILED_LOAD;
      if (candidate === "none") {
        push(baselineScript, slots, scriptMs);
        push(baselineTask, slots, taskMs);
        return;
      }
      push(attach[candidate], slots, attachMs);
      push(script[candidate], slots, scriptMs);
      push(task[candidate], slots, taskMs);
      push(longestTask[candidate], slots, longestTaskMs);
      if (!run) return;
      for (const host of run.blocked) blocked[candidate].add(host);
      bytes[candidate] ??= measureBytes(run.scripts);
    };
    /** One appending page with `candidate`'s script (NaN when it fails, as above). */
    const churnLoad = async (candidate: ChurnCandidate) => {
      const run = await attempt(`${candidate}, appending elements`, () =>
        runPage(browser, hostServer.origin, scriptUrl(candidate), 1, true),
      );
      churnWall.get(candidate)!.push(run?.churnMs ?? Number.NaN);
      churnScript.get(candidate)!.push(run?.scriptMs ?? Number.NaN);
    };

    const startedAt = Date.now();
    let repetitions = 0;
    for (let rep = 0; anotherRepetition(plan, rep, startedAt); rep++) {
      repetitions = rep + 1;
      for (const [index, slots] of IFRAME_COUNTS.entries()) {
        for (const candidate of rotation(churnCandidates, rep + index)) {
          await embedLoad(candidate, slots);
        }
      }
      for (const candidate of rotation(churnCandidates, rep)) await churnLoad(candidate);
      log(`host cost: repetition ${rep + 1} done`);
    }

    // Appended to the same samples: these pairs stay aligned with each other, and the ratios of
    // the candidates not run here pair only their own repetitions.
    const pairsStartedAt = Date.now();
    let extraPairs = 0;
    for (let pair = 0; anotherRepetition(pairs, pair, pairsStartedAt); pair++) {
      extraPairs = pair + 1;
      for (const candidate of rotation(["ours", "floor"] as const, pair)) {
        await embedLoad(candidate, MOST_EMBEDS);
      }
      for (const candidate of rotation(["ours", "none"] as const, pair)) await churnLoad(candidate);
    }
    log(`host cost: ${extraPairs} extra pairs done`);

    const summariseMap = (map: Map<number, number[]>) =>
      Object.fromEntries(IFRAME_COUNTS.map((slots) => [slots, summarise(map.get(slots) ?? [])]));
    const summariseAll = (source: Record<Candidate, Map<number, number[]>>) =>
      Object.fromEntries(
        CANDIDATES.map((candidate) => [candidate, summariseMap(source[candidate])]),
      ) as Record<Candidate, Record<number, Summary>>;
    const summariseChurn = (map: Map<ChurnCandidate, number[]>) =>
      Object.fromEntries([...map].map(([c, values]) => [c, summarise(values)])) as Record<
        ChurnCandidate,
        Summary
      >;
    const toNoScript = (map: Map<ChurnCandidate, number[]>) =>
      perCandidateFrom((candidate) => pairedRatio(map.get(candidate)!, map.get("none")!));
    const toFloor = (candidate: Candidate) =>
      Object.fromEntries(
        IFRAME_COUNTS.map((slots) => [
          slots,
          pairedRatio(script[candidate].get(slots) ?? [], script.floor.get(slots) ?? []),
        ]),
      );
    return {
      bytes,
      ourOnDemand: onDemandScripts(),
      attachMs: summariseAll(attach),
      scriptMs: summariseAll(script),
      scriptRatioToFloor: perCandidateFrom(toFloor),
      taskMs: summariseAll(task),
      longestTaskMs: summariseAll(longestTask),
      baselineScriptMs: summariseMap(baselineScript),
      baselineTaskMs: summariseMap(baselineTask),
      churnWallMs: summariseChurn(churnWall),
      churnScriptMs: summariseChurn(churnScript),
      churnWallRatio: toNoScript(churnWall),
      churnScriptRatio: toNoScript(churnScript),
      blockedHosts: Object.fromEntries(
        CANDIDATES.map((candidate) => [candidate, [...blocked[candidate]].sort()]),
      ) as Record<Candidate, string[]>,
      failures,
      repetitions,
      extraPairs,
    };
  } finally {
    await hostServer.close();
    await scriptServer.close();
  }
}

// Payments offered at a fixed rate, as buyers send them: each at its own time, whether or not
// earlier ones have been answered (an open loop). autocannon's own rate option sends each
// second's quota as fast as it can, then waits for the next second, so its latencies are those
// of bursts at full load; and with each connection waiting for its answer before sending again
// (its default), a server's latency is connections ÷ throughput, whatever its speed.
import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";
import { processCpuMs } from "./process-cpu.ts";
import { rotation, type Summary, summarise, withTimeout } from "./stats.ts";

interface OpenLoopOptions {
  origin: string;
  path: string;
  /** Requests per second, sent at even intervals. */
  rate: number;
  seconds: number;
  /** Keep-alive connections, all opened before the run and then used in turn. */
  connections: number;
  body: string;
  /** Called for every request, so each can carry a key of its own. */
  headers: () => Record<string, string>;
  /** The target's processes, whose CPU time is read from /proc. */
  pids: number[];
}

interface OpenLoopRun {
  /** Each request's time from when it was due to be sent (not when it was) to its answer. */
  latenciesMs: number[];
  answeredPerSecond: number;
  non2xx: number;
  errors: number;
  /** Share of one core the target's processes used over the run; null where /proc cannot say. */
  serverBusy: number | null;
}

/** `sorted`'s value at quantile `q` (0–1), nearest rank. */
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * q) - 1)] ?? Number.NaN;

/**
 * Sends `rate × seconds` requests at even intervals and waits for every answer. Latency counts
 * from the moment a request was due, so a request the client could not send on time (every
 * connection busy, or a timer late) is charged its wait: a stall shows in full rather than
 * as the few requests that happened to be in flight ("coordinated omission").
 */
async function openLoop(options: OpenLoopOptions): Promise<OpenLoopRun> {
  const { origin, path, rate, seconds, connections, body, pids } = options;
  const { hostname, port } = new URL(origin);
  // FIFO hands each request the connection idle the longest, so all of them take turns.
  const agent = new Agent({ keepAlive: true, maxSockets: connections, scheduling: "fifo" });
  const send = (method: "GET" | "POST", target: string, payload: string | null) =>
    new Promise<number>((resolve, reject) => {
      const headers = payload
        ? { "content-type": "application/json", ...options.headers() }
        : undefined;
      const sending = request(
        { agent, hostname, port, path: target, method, headers },
        (answer) => {
          answer.resume();
          answer.once("end", () => resolve(answer.statusCode ?? 0));
          answer.once("error", reject);
        },
      );
      sending.once("error", reject);
      sending.end(payload ?? undefined);
    });
  try {
    // Opens every connection: as many requests at once as there are connections.
    await Promise.all(Array.from({ length: connections }, () => send("GET", "/healthz", null)));

    const total = Math.round(rate * seconds);
    const latenciesMs: number[] = [];
    let non2xx = 0;
    let errors = 0;
    const cpuBefore = processCpuMs(pids);
    const start = performance.now();
    const dueAt = (index: number) => start + (index * 1000) / rate;
    const answers: Promise<void>[] = [];
    let sent = 0;
    await new Promise<void>((allSent) => {
      const tick = () => {
        const now = performance.now();
        for (; sent < total && dueAt(sent) <= now; sent++) {
          const due = dueAt(sent);
          answers.push(
            send("POST", path, body).then(
              (status) => {
                latenciesMs.push(performance.now() - due);
                if (status < 200 || status > 299) non2xx++;
              },
              () => {
                errors++;
              },
            ),
          );
        }
        if (sent < total) setTimeout(tick, Math.max(0, dueAt(sent) - performance.now()));
        else allSent();
      };
      tick();
    });
    await withTimeout(Promise.all(answers), 15_000, `answers to ${total} requests at ${rate}/s`);
    const elapsedMs = performance.now() - start;
    const cpuAfter = processCpuMs(pids);
    latenciesMs.sort((a, b) => a - b);
    return {
      latenciesMs,
      answeredPerSecond: (latenciesMs.length * 1000) / elapsedMs,
      non2xx,
      errors,
      serverBusy:
        cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) / elapsedMs,
    };
  } finally {
    agent.destroy();
  }
}

/** Payments per second offered in the open-loop runs: the throughput the platform must reach. */
const TARGET_RATE = 2000;

export interface TargetRateFigures {
  answeredPerSecond: Summary;
  p50Ms: Summary;
  p99Ms: Summary;
  maxMs: Summary;
  /** Share of one core the target used (0–1 per core), or null where /proc cannot say. */
  serverBusy: Summary | null;
  non2xx: number;
  errors: number;
}

export interface TargetRateResults {
  rate: number;
  connections: number;
  seconds: number;
  repetitions: number;
  /** By target name (the floor, then the platform on SQLite). */
  targets: Record<string, TargetRateFigures>;
}

interface Target {
  origin: string;
  pids: number[];
}

/**
 * Payments offered at `TARGET_RATE` to each target in turn, alternating, after a one-second run
 * each that is not recorded (connections, JIT).
 */
export async function measureTargetRate(
  targets: Record<string, Target>,
  run: { repetitions: number; seconds: number; connections: number },
  request: { path: string; body: string; headers: () => Record<string, string> },
): Promise<TargetRateResults> {
  const once = (target: Target, seconds: number) =>
    openLoop({ ...request, ...target, rate: TARGET_RATE, seconds, connections: run.connections });
  const names = Object.keys(targets);
  for (const name of names) await once(targets[name]!, 1);
  const runs = Object.fromEntries(names.map((name) => [name, [] as OpenLoopRun[]]));
  for (let rep = 0; rep < run.repetitions; rep++) {
    for (const name of rotation(names, rep))
      runs[name]!.push(await once(targets[name]!, run.seconds));
  }
  const figures = (results: OpenLoopRun[]): TargetRateFigures => ({
    answeredPerSecond: summarise(results.map((r) => r.answeredPerSecond)),
    p50Ms: summarise(results.map((r) => quantile(r.latenciesMs, 0.5))),
    p99Ms: summarise(results.map((r) => quantile(r.latenciesMs, 0.99))),
    maxMs: summarise(results.map((r) => r.latenciesMs.at(-1) ?? Number.NaN)),
    serverBusy: results.every((r) => r.serverBusy !== null)
      ? summarise(results.map((r) => r.serverBusy!))
      : null,
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
  });
  return {
    rate: TARGET_RATE,
    connections: run.connections,
    seconds: run.seconds,
    repetitions: run.repetitions,
    targets: Object.fromEntries(names.map((name) => [name, figures(runs[name]!)])),
  };
}

// Server throughput and latency with wrk on loopback (wrk.ts): the platform as `npm start` runs
// it, on SQLite (one process) and on PostgreSQL (one instance, and two instances sharing the
// load), against a bare node:http server answering fixed bodies of the same sizes.
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { trackStop } from "./cleanup.ts";
import { measureTargetRate, type TargetRateResults } from "./open-loop.ts";
import {
  checkoutPage,
  PAYMENT_PATH,
  PLAN_PATH,
  PURCHASE_BODY,
  probe,
  purchase,
  type Running,
  SHELL_HEADERS,
  SHELL_PATH,
  startPostgres,
  startSqlite,
} from "./platforms.ts";
import { checkpoint, postgresVersion } from "./postgres.ts";
import { processCpuMs } from "./process-cpu.ts";
import { rotation, type Summary, summarise, withTimeout } from "./stats.ts";
import { runWrk, WRK_THREADS, wrkVersion } from "./wrk.ts";

const CONNECTIONS = 64;

/** A header giving a payment a key of its own, so that none is a replay (the open loop's). */
const newIdempotencyKey = () => ({ "idempotency-key": `bench-${randomUUID()}` });

/** The bare floor, then the platform on each engine; PostgreSQL twice: 1 and 2 instances. */
export const SERVER_TARGETS = ["floor", "sqlite", "postgres1", "postgres2"] as const;
export type ServerTarget = (typeof SERVER_TARGETS)[number];
type Platform = Exclude<ServerTarget, "floor">;
/** Plan reads, payments, and checkout pages (the iframe's shell, gzip). */
const ROUTES = ["get", "post", "shell"] as const;
type Route = (typeof ROUTES)[number];

/**
 * Seconds of load before each target's route is measured. A fresh server takes its first
 * 20,000 or so payments at a third to two thirds of its later speed (some 8 s at full load,
 * read off its request log in 250 ms steps): V8 compiles the hot code of both threads, and
 * grows each young generation only as it sees the allocation rate. Reads reach their speed
 * within two seconds. The figures are those of a server that has been running, as one in
 * production has.
 */
const WARM_UP_SECONDS: Record<Route, number> = { get: 2, shell: 2, post: 6 };

export interface LoadFigures {
  requestsPerSecond: Summary;
  p50Ms: Summary;
  p99Ms: Summary;
  /**
   * The target's own CPU time (every process and thread of it, not the client's or the
   * database's) per answer, in µs; null where /proc cannot say.
   */
  cpuMicrosPerAnswer: Summary | null;
  /** Answers of status 400 or more, and socket errors, over all repetitions; both should be 0. */
  non2xx: number;
  errors: number;
}

export interface ServerLoadResults {
  /** The targets measured (PostgreSQL's only when it could be). */
  targets: ServerTarget[];
  get: Partial<Record<ServerTarget, LoadFigures>>;
  post: Partial<Record<ServerTarget, LoadFigures>>;
  shell: Partial<Record<ServerTarget, LoadFigures>>;
  /** Body bytes of the real answers as sent (the shell compressed), which the floor copies. */
  bodyBytes: Record<Route, number>;
  /**
   * Payments each platform target stored vs. 2xx answers to its POSTs: equal but for requests
   * still in flight when a run stops (stored, not counted).
   */
  payments: Partial<Record<Platform, { stored: number; answered: number }>>;
  /** Payments offered at the target rate (open loop) to the floor and to SQLite. */
  targetRate?: TargetRateResults;
  /** The PostgreSQL server's version, when it was measured. */
  postgresVersion: string | null;
  /** Why PostgreSQL was not measured, or null when it was. */
  postgresSkipped: string | null;
  /** Seconds of unrecorded load on each target's route before its first measured run. */
  warmUpSeconds: Record<Route, number>;
  /** The load generator's version, and the threads it ran with. */
  wrk: { version: string; threads: number };
  durationSeconds: number;
  connections: number;
  repetitions: number;
}

/**
 * Starts the floor server in its own process, like the real one, and resolves with its origin.
 * tsx is loaded into that process (`--import`) rather than run as its CLI, which would start the
 * server as a second process: the CPU figures must be the server's own.
 */
function startFloor(bytes: Record<Route, number>) {
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", "bench/floor-server.ts"],
    {
      env: {
        ...process.env,
        FLOOR_GET_BYTES: String(bytes.get),
        FLOOR_POST_BYTES: String(bytes.post),
        FLOOR_SHELL_BYTES: String(bytes.shell),
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  // Stopping twice is harmless, so it stays tracked.
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null) return done();
      child.once("exit", () => done());
      child.kill("SIGTERM");
    });
  trackStop(stop);
  const ready = new Promise<string>((resolve, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const origin = /Floor origin: (\S+)/.exec(output)?.[1];
      if (origin) resolve(origin);
    });
    child.once("exit", (code) => reject(new Error(`floor server exited with ${code}`)));
  });
  return withTimeout(ready, 20_000, "starting the floor server").then(
    (origin) => ({ origin, pids: [child.pid!], stop }),
    async (error) => {
      await stop();
      throw error;
    },
  );
}

/** What each route's requests are. */
const ROUTE_REQUESTS = {
  get: { method: "GET", path: PLAN_PATH, headers: {} },
  shell: { method: "GET", path: SHELL_PATH, headers: SHELL_HEADERS },
  post: {
    method: "POST",
    path: PAYMENT_PATH,
    headers: { "content-type": "application/json" },
    body: PURCHASE_BODY,
    freshIdempotencyKeys: true,
  },
} as const;

/** A closed-loop run of `route` against `origins`, with the target's CPU time per answer. */
async function load(origins: string[], pids: number[], route: Route, seconds: number) {
  const cpuBefore = processCpuMs(pids);
  // runWrk bounds the run's time itself.
  const result = await runWrk({
    origins,
    connections: CONNECTIONS,
    seconds,
    ...ROUTE_REQUESTS[route],
  });
  const cpuAfter = processCpuMs(pids);
  return {
    ...result,
    cpuMicrosPerAnswer:
      cpuBefore === null || cpuAfter === null || result.requests === 0
        ? null
        : ((cpuAfter - cpuBefore) * 1000) / result.requests,
  };
}

type LoadResult = Awaited<ReturnType<typeof load>>;

export async function measureServerLoad(
  repetitions: number,
  seconds: number,
  log: (line: string) => void,
): Promise<ServerLoadResults> {
  const version = wrkVersion();
  /** PostgreSQL's `CHECKPOINT`; a refusal (no such privilege) is logged and measuring goes on. */
  const checkpointPostgres = () =>
    checkpoint().catch((error: Error) =>
      log(`server: PostgreSQL's CHECKPOINT failed (${error.message}); measuring anyway`),
    );
  const running: Partial<Record<Platform, Running>> = {};
  let floor: { origin: string; pids: number[]; stop(): Promise<void> } | null = null;
  try {
    const sqlite = await startSqlite();
    running.sqlite = sqlite;
    // The real answers' sizes, which the floor server copies.
    const [origin] = sqlite.origins;
    const plan = await fetch(`${origin}${PLAN_PATH}`);
    const planBody = await plan.arrayBuffer();
    const paid = await purchase(origin!);
    const paidBody = await paid.arrayBuffer();
    const shell = await checkoutPage(origin!);
    await shell.arrayBuffer();
    // fetch hands over the page decompressed; the floor copies the bytes sent.
    const shellBytes = Number(shell.headers.get("content-length"));
    if (plan.status !== 200 || paid.status !== 201 || shell.status !== 200 || !shellBytes) {
      throw new Error(
        `probe requests answered ${plan.status}, ${paid.status} and ${shell.status} (${shellBytes} B)`,
      );
    }
    const bodyBytes = { get: planBody.byteLength, post: paidBody.byteLength, shell: shellBytes };
    floor = await startFloor(bodyBytes);

    let postgresSkipped: string | null = null;
    const pgVersion = await postgresVersion().catch((error: Error) => {
      postgresSkipped = error.message;
      return null;
    });
    if (pgVersion) {
      try {
        running.postgres1 = await startPostgres(1);
        running.postgres2 = await startPostgres(2);
        await probe("PostgreSQL, 1 instance", running.postgres1.origins);
        await probe("PostgreSQL, 2 instances", running.postgres2.origins);
      } catch (error) {
        postgresSkipped = `PostgreSQL instances failed: ${(error as Error).message.split("\n")[0]}`;
        for (const key of ["postgres1", "postgres2"] as const) {
          await running[key]?.stop();
          delete running[key];
        }
      }
    }
    if (postgresSkipped) log(`server: PostgreSQL not measured: ${postgresSkipped}`);
    const origins: Partial<Record<ServerTarget, string[]>> = { floor: [floor.origin] };
    const pids: Partial<Record<ServerTarget, number[]>> = { floor: floor.pids };
    for (const [name, target] of Object.entries(running)) {
      origins[name as Platform] = target.origins;
      pids[name as Platform] = target.pids;
    }
    const targets = SERVER_TARGETS.filter((target) => origins[target]);

    // Warm-up: JIT, page caches, connection pools. Not recorded.
    for (const target of targets) {
      for (const route of ROUTES) {
        await load(origins[target]!, pids[target]!, route, WARM_UP_SECONDS[route]);
      }
    }
    const before: Partial<Record<Platform, number>> = {};
    for (const [name, target] of Object.entries(running)) {
      before[name as Platform] = await target.countPayments();
    }

    const runs = Object.fromEntries(
      ROUTES.map((route) => [
        route,
        Object.fromEntries(targets.map((target) => [target, [] as LoadResult[]])),
      ]),
    ) as Record<Route, Partial<Record<ServerTarget, LoadResult[]>>>;
    const plans = ROUTES.flatMap((route) => targets.map((target) => ({ route, target })));
    for (let rep = 0; rep < repetitions; rep++) {
      for (const { route, target } of rotation(plans, rep)) {
        const result = await load(origins[target]!, pids[target]!, route, seconds);
        runs[route][target]!.push(result);
        // PostgreSQL writes back a run's payments after it: inside its own turn, not the next.
        if (route === "post" && target.startsWith("postgres")) await checkpointPostgres();
      }
      log(`server: repetition ${rep + 1}/${repetitions} done`);
    }

    const figures = (results: LoadResult[]): LoadFigures => ({
      requestsPerSecond: summarise(results.map((r) => r.perSecond)),
      p50Ms: summarise(results.map((r) => r.p50Ms)),
      p99Ms: summarise(results.map((r) => r.p99Ms)),
      cpuMicrosPerAnswer: results.every((r) => r.cpuMicrosPerAnswer !== null)
        ? summarise(results.map((r) => r.cpuMicrosPerAnswer!))
        : null,
      non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
      errors: results.reduce((sum, r) => sum + r.errors, 0),
    });
    const byTarget = (route: Route) =>
      Object.fromEntries(targets.map((target) => [target, figures(runs[route][target]!)]));
    const payments: ServerLoadResults["payments"] = {};
    for (const [name, target] of Object.entries(running)) {
      payments[name as Platform] = {
        stored: (await target.countPayments()) - before[name as Platform]!,
        answered: runs.post[name as Platform]!.reduce((sum, r) => sum + r.requests - r.non2xx, 0),
      };
    }
    // The open loop offers payments to the floor and to SQLite only: PostgreSQL's instances,
    // idle but polling their outboxes, and its server, writing back what they stored, would
    // share the two cores and the disk with them. Their schemas are dropped, and what that
    // leaves PostgreSQL to write is written before the runs start.
    if (running.postgres1 || running.postgres2) {
      for (const key of ["postgres1", "postgres2"] as const) {
        await running[key]?.stop();
        delete running[key];
      }
      await checkpointPostgres();
    }
    const targetRate = await measureTargetRate(
      {
        floor: { origin: floor.origin, pids: floor.pids },
        sqlite: { origin: origin!, pids: sqlite.pids },
      },
      { repetitions, seconds, connections: CONNECTIONS },
      { path: PAYMENT_PATH, body: PURCHASE_BODY, headers: newIdempotencyKey },
    );
    log("server: payments at the target rate done");
    return {
      targets,
      get: byTarget("get"),
      post: byTarget("post"),
      shell: byTarget("shell"),
      bodyBytes,
      payments,
      targetRate,
      postgresVersion: postgresSkipped ? null : pgVersion,
      postgresSkipped,
      warmUpSeconds: WARM_UP_SECONDS,
      wrk: { version, threads: WRK_THREADS },
      durationSeconds: seconds,
      connections: CONNECTIONS,
      repetitions,
    };
  } finally {
    await floor?.stop();
    for (const target of Object.values(running)) await target.stop();
  }
}

// Server throughput and latency with autocannon on loopback: the real server (as `npm start`
// runs it) against a bare node:http server answering fixed JSON bodies of the same sizes.
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { join } from "node:path";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import type { PaymentRequest } from "../src/protocol/index.ts";
import { spawnServer } from "../test/support/spawn-server.ts";
import { trackChild } from "./cleanup.ts";
import { rotation, type Summary, summarise, withTimeout } from "./stats.ts";

const PLAN_PATH = "/api/v1/plans/plan_DemoOneTime01";
const PAYMENT_PATH = "/api/v1/payments";
const CONNECTIONS = 10;

const PURCHASE: PaymentRequest = {
  plan_id: "plan_DemoOneTime01",
  email: "buyer@example.com",
  name: "Bench Buyer",
  card: { number: "4242 4242 4242 4242", exp_month: 12, exp_year: 2034, cvc: "123" },
};
const PURCHASE_BODY = JSON.stringify(PURCHASE);

type Target = "server" | "floor";
type Route = "get" | "post";

export interface LoadFigures {
  requestsPerSecond: Summary;
  p50Ms: Summary;
  p99Ms: Summary;
  /** Answers outside 2xx and socket errors over all repetitions; both should be 0. */
  non2xx: number;
  errors: number;
}

export interface ServerLoadResults {
  get: Record<Target, LoadFigures>;
  post: Record<Target, LoadFigures>;
  /** Body bytes of the real answers, which the floor copies. */
  bodyBytes: { get: number; post: number };
  /** Payments stored by the real server vs. 2xx answers to POST: equal when keys were unique. */
  paymentsStored: number;
  paymentsAnswered: number;
  durationSeconds: number;
  connections: number;
  repetitions: number;
}

const require = createRequire(import.meta.url);

/** Starts the floor server in its own process, like the real one, and resolves with its origin. */
function startFloor(getBytes: number, postBytes: number) {
  const tsx = join(require.resolve("tsx/package.json"), "..", "dist", "cli.mjs");
  const child: ChildProcess = spawn(process.execPath, [tsx, "bench/floor-server.ts"], {
    env: {
      ...process.env,
      FLOOR_GET_BYTES: String(getBytes),
      FLOOR_POST_BYTES: String(postBytes),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  trackChild(child);
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null) return done();
      child.once("exit", () => done());
      child.kill("SIGTERM");
    });
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
    (origin) => ({ origin, stop }),
    async (error) => {
      await stop();
      throw error;
    },
  );
}

function load(origin: string, route: Route, seconds: number) {
  const run =
    route === "get"
      ? autocannon({ url: `${origin}${PLAN_PATH}`, connections: CONNECTIONS, duration: seconds })
      : autocannon({
          url: origin,
          connections: CONNECTIONS,
          duration: seconds,
          requests: [
            {
              method: "POST",
              path: PAYMENT_PATH,
              headers: { "content-type": "application/json" },
              body: PURCHASE_BODY,
              // Called for every request: each payment gets its own key, so none is a replay.
              setupRequest: (request) => ({
                ...request,
                headers: { ...request.headers, "idempotency-key": `bench-${randomUUID()}` },
              }),
            },
          ],
        });
  return withTimeout(run, (seconds + 15) * 1000, `autocannon ${route} ${origin}`);
}

export async function measureServerLoad(
  repetitions: number,
  seconds: number,
  log: (line: string) => void,
): Promise<ServerLoadResults> {
  const server = await spawnServer();
  trackChild(server.child);
  let floor: { origin: string; stop(): Promise<void> } | null = null;
  try {
    // The real answers' sizes, which the floor server copies.
    const plan = await fetch(`${server.checkoutOrigin}${PLAN_PATH}`);
    const planBody = await plan.arrayBuffer();
    const paid = await fetch(`${server.checkoutOrigin}${PAYMENT_PATH}`, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": `probe-${randomUUID()}` },
      body: PURCHASE_BODY,
    });
    const paidBody = await paid.arrayBuffer();
    if (plan.status !== 200 || paid.status !== 201) {
      throw new Error(`probe requests answered ${plan.status} and ${paid.status}`);
    }
    floor = await startFloor(planBody.byteLength, paidBody.byteLength);
    const origins: Record<Target, string> = { server: server.checkoutOrigin, floor: floor.origin };

    // Warm-up: JIT, SQLite page cache, connection pools. Not recorded.
    for (const target of ["server", "floor"] as const) {
      for (const route of ["get", "post"] as const) await load(origins[target], route, 1);
    }
    const counts = { before: countPayments(server.databasePath) };

    const runs: Record<Route, Record<Target, autocannon.Result[]>> = {
      get: { server: [], floor: [] },
      post: { server: [], floor: [] },
    };
    const plans = (["get", "post"] as const).flatMap((route) =>
      (["server", "floor"] as const).map((target) => ({ route, target })),
    );
    for (let rep = 0; rep < repetitions; rep++) {
      for (const { route, target } of rotation(plans, rep)) {
        runs[route][target].push(await load(origins[target], route, seconds));
      }
      log(`server: repetition ${rep + 1}/${repetitions} done`);
    }

    const figures = (results: autocannon.Result[]): LoadFigures => ({
      requestsPerSecond: summarise(results.map((r) => r.requests.average)),
      p50Ms: summarise(results.map((r) => r.latency.p50)),
      p99Ms: summarise(results.map((r) => r.latency.p99)),
      non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
      errors: results.reduce((sum, r) => sum + r.errors + r.timeouts, 0),
    });
    return {
      get: { server: figures(runs.get.server), floor: figures(runs.get.floor) },
      post: { server: figures(runs.post.server), floor: figures(runs.post.floor) },
      bodyBytes: { get: planBody.byteLength, post: paidBody.byteLength },
      paymentsStored: countPayments(server.databasePath) - counts.before,
      paymentsAnswered: runs.post.server.reduce((sum, r) => sum + r["2xx"], 0),
      durationSeconds: seconds,
      connections: CONNECTIONS,
      repetitions,
    };
  } finally {
    await floor?.stop();
    await server.stop();
  }
}

function countPayments(databasePath: string): number {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT count(*) AS n FROM payments").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

// The platform targets of the server bench: the compiled server as `npm start` runs it, on a
// fresh SQLite file or on a fresh PostgreSQL schema shared by one or more instances.
import { randomBytes, randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import type { PaymentRequest } from "../src/protocol/index.ts";
import { type ServerProcess, spawnServer } from "../test/support/spawn-server.ts";
import { trackStop } from "./cleanup.ts";
import { freshSchema } from "./postgres.ts";

export const PLAN_PATH = "/api/v1/plans/plan_DemoOneTime01";
export const PAYMENT_PATH = "/api/v1/payments";
/**
 * The checkout page as the loader frames it: the plan and the page's origin (its channel id is
 * in the fragment, which is not sent). Every buyer of one embed on one page asks for this URL.
 */
export const SHELL_PATH =
  "/embed/checkout?planId=plan_DemoOneTime01&origin=http%3A%2F%2Flocalhost%3A4000";
/** A browser's own: the page is compressed, and made in English. */
export const SHELL_HEADERS = {
  "accept-encoding": "gzip, deflate, br, zstd",
  "accept-language": "en",
};
/**
 * Every connection comes from one loopback address, and the per-IP limit of failed payments
 * takes a point when a payment arrives (given back when it succeeds), so 64 payments in flight
 * would count as 64 possible failures. It is raised; the counters still do all their work.
 * Both PostgreSQL instances share one secret, as every instance of one platform must.
 */
const SERVER_ENV = {
  RATE_LIMIT_PAYMENT_FAILURES_PER_IP: "1000000",
  SERVER_SECRET: randomBytes(32).toString("hex"),
};

const PURCHASE: PaymentRequest = {
  plan_id: "plan_DemoOneTime01",
  email: "buyer@example.com",
  name: "Bench Buyer",
  card: { number: "4242 4242 4242 4242", exp_month: 12, exp_year: 2034, cvc: "123" },
};
export const PURCHASE_BODY = JSON.stringify(PURCHASE);

/** A payment request with a key of its own, so that it is never a replay. */
export const purchase = (origin: string) =>
  fetch(`${origin}${PAYMENT_PATH}`, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": `probe-${randomUUID()}` },
    body: PURCHASE_BODY,
  });

/** A platform target while it runs: its origins, its processes, and its payment count. */
export interface Running {
  origins: string[];
  pids: number[];
  countPayments(): Promise<number>;
  stop(): Promise<void>;
}

export async function startSqlite(): Promise<Running> {
  const server = await spawnServer({ env: SERVER_ENV });
  const untrack = trackStop(server.stop);
  return {
    origins: [server.checkoutOrigin],
    pids: [server.child.pid!],
    countPayments: async () => countSqlitePayments(server.databasePath),
    stop: () => {
      untrack();
      return server.stop();
    },
  };
}

/** `count` instances, one after the other (the first migrates and seeds), on a fresh schema. */
export async function startPostgres(count: number): Promise<Running> {
  const schema = await freshSchema();
  const servers: ServerProcess[] = [];
  const stopAll = async () => {
    for (const server of servers) await server.stop();
    await schema.drop();
  };
  const untrack = trackStop(stopAll);
  const stop = () => {
    untrack();
    return stopAll();
  };
  try {
    for (let index = 0; index < count; index++) {
      servers.push(await spawnServer({ env: { ...SERVER_ENV, DATABASE_URL: schema.url } }));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    origins: servers.map((server) => server.checkoutOrigin),
    pids: servers.map((server) => server.child.pid!),
    countPayments: schema.countPayments,
    stop,
  };
}

/** A checkout page as `SHELL_HEADERS` ask for it. */
export const checkoutPage = (origin: string) =>
  fetch(`${origin}${SHELL_PATH}`, { headers: SHELL_HEADERS });

/** One plan read, checkout page and payment at each origin must succeed before anything is measured. */
export async function probe(name: string, origins: string[]) {
  for (const origin of origins) {
    const plan = await fetch(`${origin}${PLAN_PATH}`);
    const shell = await checkoutPage(origin);
    const paid = await purchase(origin);
    if (plan.status !== 200 || shell.status !== 200 || paid.status !== 201) {
      throw new Error(
        `${name}: probe requests answered ${plan.status}, ${shell.status} and ${paid.status}`,
      );
    }
    await Promise.all([plan.arrayBuffer(), shell.arrayBuffer(), paid.arrayBuffer()]);
  }
}

function countSqlitePayments(databasePath: string): number {
  const db = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT count(*) AS n FROM payments").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

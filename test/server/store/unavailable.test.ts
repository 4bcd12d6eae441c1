import { createConnection, createServer, type Server, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { DEMO, seedDemo } from "../../../src/server/seed.ts";
import { openStore } from "../../../src/server/store/open.ts";
import { isDatabaseUnavailable } from "../../../src/server/store/unavailable.ts";
import { describePostgres } from "../../support/engines.ts";
import { createCheckoutAppFor, DEMO_ORIGIN } from "../../support/test-app.ts";

describe("isDatabaseUnavailable", () => {
  const coded = (code: string) => Object.assign(new Error("x"), { code });

  it("knows a database that cannot be reached from a query that is wrong", () => {
    for (const code of ["ECONNREFUSED", "ECONNRESET", "57P01", "08006", "SQLITE_BUSY"]) {
      expect(isDatabaseUnavailable(coded(code)), code).toBe(true);
    }
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    const ended = "Client has encountered a connection error and is not queryable";
    expect(isDatabaseUnavailable(new Error(ended))).toBe(true);
    expect(isDatabaseUnavailable(new Error("x", { cause: coded("ECONNREFUSED") }))).toBe(true);
    expect(isDatabaseUnavailable(new AggregateError([coded("ECONNREFUSED")]))).toBe(true);
    for (const code of ["23505", "42P01", "SQLITE_CONSTRAINT"]) {
      expect(isDatabaseUnavailable(coded(code)), code).toBe(false);
    }
    expect(isDatabaseUnavailable(new TypeError("undefined is not a function"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});

describe("/healthz", () => {
  it("answers 503 with the reason when the database does not answer", async () => {
    const store = await openStore(":memory:");
    await seedDemo(store, DEMO_ORIGIN);
    const app = createCheckoutAppFor(store);
    expect(await (await app.request("/healthz")).json()).toEqual({ status: "ok" });
    await store.close();
    const down = await app.request("/healthz");
    expect(down.status).toBe(503);
    expect((await down.json()).error).toMatchObject({ code: "database_unavailable" });
  });
});

/** A TCP relay to PostgreSQL that the test can cut and restore, as a restart would. */
async function relayTo(host: string, port: number) {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let relayPort = 0;
  const start = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = createConnection(port, host);
        sockets.add(client).add(upstream);
        client.pipe(upstream).pipe(client);
        const drop = () => {
          client.destroy();
          upstream.destroy();
        };
        client.on("error", drop).on("close", drop);
        upstream.on("error", drop).on("close", drop);
      });
      server.listen(relayPort, "127.0.0.1", () => {
        relayPort = (server!.address() as { port: number }).port;
        resolve();
      });
    });
  await start();
  return {
    port: () => relayPort,
    /** Refuses new connections and drops the open ones. */
    cut: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        sockets.clear();
        server!.close(() => resolve());
      }),
    restore: start,
  };
}
describePostgres("a PostgreSQL outage", (engine) => {
  it("answers 503 JSON while the database is away, and recovers by itself", async () => {
    const fresh = await engine.fresh();
    const url = new URL(fresh.target);
    const relay = await relayTo(url.hostname, Number(url.port || 5432));
    url.host = `127.0.0.1:${relay.port()}`;
    const store = await openStore(url.href);
    try {
      await seedDemo(store, DEMO_ORIGIN);
      // A stopped clock: the plan read below stays in memory however slow the machine is.
      const stopped = Date.now();
      const app = createCheckoutAppFor(store, {}, { now: () => stopped });
      const plan = () => app.request(`/api/v1/plans/${DEMO.oneTimePlan}`);
      expect((await plan()).status).toBe(200);

      await relay.cut();
      // A plan read a moment ago is answered from memory (PLAN_VIEW_TTL_MS); one that needs
      // the database is not.
      expect((await plan()).status).toBe(200);
      for (const path of [`/api/v1/plans/${DEMO.monthlyPlan}`, "/healthz"]) {
        const answer = await app.request(path);
        expect(answer.status, path).toBe(503);
        expect((await answer.json()).error.code, path).toBe("database_unavailable");
      }

      await relay.restore();
      expect((await plan()).status).toBe(200);
      expect((await app.request(`/api/v1/plans/${DEMO.monthlyPlan}`)).status).toBe(200);
      expect((await app.request("/healthz")).status).toBe(200);
    } finally {
      await store.close();
      await relay.cut().catch(() => {});
      await fresh.drop();
    }
  });
});

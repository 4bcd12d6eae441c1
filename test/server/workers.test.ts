/**
 * `WORKERS=N`: one primary process forking N workers that share the ports, on PostgreSQL.
 */
import { execFileSync } from "node:child_process";
import { expect, it } from "vitest";
import { DEMO } from "../../src/server/seed.ts";
import { describePostgres } from "../support/engines.ts";
import { spawnServer } from "../support/spawn-server.ts";

/** The worker processes of `primary` (its child processes). */
function workersOf(primary: number): number[] {
  try {
    return execFileSync("pgrep", ["-P", String(primary)], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when there are none
  }
}

async function until<T>(probe: () => T | Promise<T>, ok: (value: T) => boolean): Promise<T> {
  for (let tries = 0; ; tries++) {
    const value = await probe();
    if (ok(value) || tries > 100) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describePostgres("WORKERS", (engine) => {
  it("forks the workers, replaces a worker that dies and stops them all on SIGTERM", async () => {
    const { target, drop } = await engine.fresh();
    const db = await engine.attach(target);
    try {
      const server = await spawnServer({ env: { DATABASE_URL: target, WORKERS: "2" } });
      const primary = server.child.pid!;
      const workers = await until(
        () => workersOf(primary),
        (pids) => pids.length === 2,
      );
      expect(workers).toHaveLength(2);
      const healthz = () => fetch(`${server.checkoutOrigin}/healthz`).then((r) => r.status);
      const answers = await Promise.all(Array.from({ length: 20 }, healthz));
      expect(answers.every((status) => status === 200)).toBe(true);

      // Each worker made its own demo key; neither revoked the other's.
      const liveDemoKeys = () =>
        db.query(
          "SELECT id FROM api_keys WHERE company_id = ? AND name = 'demo-site' AND revoked_at IS NULL",
          [DEMO.company],
        );
      expect(await until(liveDemoKeys, (rows) => rows.length === 2)).toHaveLength(2);

      process.kill(workers[0]!, "SIGKILL");
      const replaced = await until(
        () => workersOf(primary),
        (pids) => pids.length === 2 && !pids.includes(workers[0]!),
      );
      expect(replaced).toContain(workers[1]);
      expect(replaced).not.toContain(workers[0]);
      // A kept-alive connection to the dead worker fails once; new ones reach the live workers.
      const afterKill = await until(
        () => healthz().catch(() => 0),
        (status) => status === 200,
      );
      expect(afterKill).toBe(200);

      await server.stop();
      expect(server.child.exitCode).toBe(0);
      expect(workersOf(primary)).toEqual([]);
      // The killed worker's key stays (its clear copy died with it); the others were revoked.
      expect(await liveDemoKeys()).toHaveLength(1);
    } finally {
      await db.close();
      await drop();
    }
  }, 60_000);
});

describePostgres("WORKERS at start", () => {
  it("stops, exit 1, when its workers cannot start, instead of restarting them in a loop", async () => {
    const failure = await spawnServer({
      env: { DATABASE_URL: "postgres://nobody@127.0.0.1:1/none", WORKERS: "2" },
    }).then(
      () => null,
      (error: Error) => error.message,
    );
    expect(failure).toContain("[whop-checkout] a worker could not start");
    expect(failure).toContain("server exited with 1");
  }, 30_000);
});

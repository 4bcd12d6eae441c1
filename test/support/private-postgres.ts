/**
 * A PostgreSQL server of a test's own: a fresh cluster (`initdb`) in a temporary directory on a
 * free loopback port, which the test may stop and start at will. The machine's shared server
 * is never touched, so restarting this one disturbs nothing else.
 *
 * PostgreSQL refuses to run as root; as root, every command runs as the `postgres` account
 * (runuser), in a directory that account owns.
 */
import { execFile, execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const INSTALL_ROOT = "/usr/lib/postgresql";

/** The bin folder of the newest installed PostgreSQL that has initdb and pg_ctl, or null. */
function binDir(): string | null {
  if (!existsSync(INSTALL_ROOT)) return null;
  const versions = readdirSync(INSTALL_ROOT)
    .filter((version) =>
      ["initdb", "pg_ctl"].every((tool) => existsSync(join(INSTALL_ROOT, version, "bin", tool))),
    )
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  return versions[0] ? join(INSTALL_ROOT, versions[0], "bin") : null;
}

const isRoot = () => process.getuid?.() === 0;

/** The `postgres` account's uid and gid, or null when there is none. */
function postgresAccount(): { uid: number; gid: number } | null {
  try {
    const id = (flag: string) =>
      Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8", stdio: "pipe" }).trim());
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    return null;
  }
}

/** Why no private server can be started here, or null when one can. */
export function privatePostgresUnavailable(): string | null {
  if (!binDir()) {
    return `no PostgreSQL server binaries (initdb, pg_ctl) under ${INSTALL_ROOT}/<version>/bin; install the postgresql package`;
  }
  if (isRoot()) {
    if (!postgresAccount())
      return "running as root, and there is no postgres account to run initdb as";
    if (!existsSync("/usr/sbin/runuser") && !existsSync("/sbin/runuser")) {
      return "running as root, and runuser (util-linux) is missing to run initdb as postgres";
    }
  }
  return null;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export interface PrivatePostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust authentication). */
  url: string;
  /** `pg_ctl stop -m fast`: sessions are ended, in-flight transactions rolled back. */
  stop(): Promise<void>;
  /** `pg_ctl start`, resolving once it accepts connections. */
  start(): Promise<void>;
  /** Stops it (immediately) and deletes its directory. */
  destroy(): Promise<void>;
}

/** Creates and starts a private cluster; see privatePostgresUnavailable() for where it cannot. */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  if (!bin) throw new Error(privatePostgresUnavailable() ?? "no PostgreSQL binaries");
  const dir = mkdtempSync(join(tmpdir(), "private-pg-"));
  const account = isRoot() ? postgresAccount() : null;
  if (account) chownSync(dir, account.uid, account.gid);
  const data = join(dir, "data");
  const logFile = join(dir, "server.log");
  const port = await freePort();
  const pgCtl = (...args: string[]) => {
    const command = [join(bin, "pg_ctl"), "-D", data, ...args];
    return account
      ? run("runuser", ["-u", "postgres", "--", ...command])
      : run(command[0]!, command.slice(1));
  };
  const withLog = async (what: string, step: Promise<unknown>) => {
    try {
      await step;
    } catch (error) {
      const log = existsSync(logFile) ? readFileSync(logFile, "utf8").slice(-2000) : "";
      throw new Error(`${what} failed: ${(error as Error).message}\n${log}`);
    }
  };
  const start = () =>
    withLog(
      "pg_ctl start",
      // -k: the Unix socket goes in the private directory, not the shared server's.
      pgCtl(
        "-l",
        logFile,
        "-o",
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
        "-w",
        "start",
      ),
    );
  const initdb = [join(bin, "initdb"), "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8"];
  try {
    await withLog(
      "initdb",
      account
        ? run("runuser", ["-u", "postgres", "--", ...initdb, "--no-sync"])
        : run(initdb[0]!, [...initdb.slice(1), "--no-sync"]),
    );
    await start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop: () => withLog("pg_ctl stop", pgCtl("-m", "fast", "-w", "stop")),
    async destroy() {
      await pgCtl("-m", "immediate", "-w", "stop").catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

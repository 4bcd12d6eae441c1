import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface ServerProcess {
  checkoutOrigin: string;
  demoOrigin: string;
  databasePath: string;
  child: ChildProcess;
  /** SIGTERM and wait for the exit (no-op when it already exited). */
  stop(): Promise<void>;
  /** Resolves when the process has exited, however it ended. */
  exited(): Promise<void>;
}

/**
 * Starts the compiled server, `dist/server/main.js` (what `npm start` runs; the test setups
 * build it first), in one node process on free loopback ports, with the database in `dir` (a
 * fresh temporary directory, removed on stop, when none is given). Resolves once it prints
 * both origins.
 */
export function spawnServer(
  options: { dir?: string; env?: Record<string, string> } = {},
): Promise<ServerProcess> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "whop-checkout-"));
  const databasePath = join(dir, "checkout.db");
  const child = spawn(process.execPath, ["dist/server/main.js"], {
    env: {
      ...process.env,
      CHECKOUT_PORT: "0",
      DEMO_PORT: "0",
      DATABASE_PATH: databasePath,
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once("exit", () => resolve());
    });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited();
    if (!options.dir) rmSync(dir, { recursive: true, force: true });
  };
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server did not start:\n${output}`));
    }, 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const checkoutOrigin = /Checkout origin: (\S+)/.exec(output)?.[1];
      const demoOrigin = /Demo origin:\s+(\S+)/.exec(output)?.[1];
      if (!checkoutOrigin || !demoOrigin) return;
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      // Keep reading: the server logs a JSON line per request, and a full pipe would stall it.
      child.stdout?.on("data", () => {});
      resolve({ checkoutOrigin, demoOrigin, databasePath, child, exited, stop });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
}

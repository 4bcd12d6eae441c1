import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

export interface ServerProcess {
  origin: string;
  child: ChildProcess;
  /** SIGTERM and wait for the exit (no-op when it already exited). */
  stop(): Promise<void>;
  /** Resolves when the process has exited, however it ended. */
  exited(): Promise<void>;
}

/**
 * Starts `src/server/main.ts` in ONE node process (tsx as an import hook, not its CLI, which
 * would put a wrapper process in between and make `kill -9` miss the server) on free
 * loopback ports with the database in `dir`.
 */
export function spawnServer(dir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/server/main.ts"], {
    env: {
      ...process.env,
      CHECKOUT_PORT: "0",
      DEMO_PORT: "0",
      DATABASE_PATH: join(dir, "checkout.db"),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once("exit", () => resolve());
    });
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server did not start:\n${output}`));
    }, 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const origin = /Checkout origin: (\S+)/.exec(output)?.[1];
      if (!origin || !/Demo origin/.test(output)) return;
      clearTimeout(timer);
      resolve({
        origin,
        child,
        exited,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
          await exited();
        },
      });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
}

import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface RunningServer {
  checkoutOrigin: string;
  demoOrigin: string;
  databasePath: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);

/**
 * Starts `src/server/main.ts` (what `npm start` runs) on free loopback ports with a fresh
 * database, and resolves once it prints both origins.
 */
export function startServer(
  env: Record<string, string> = {},
  databaseDir?: string,
): Promise<RunningServer> {
  const dir = databaseDir ?? mkdtempSync(join(tmpdir(), "whop-checkout-"));
  const databasePath = join(dir, "checkout.db");
  const tsx = join(require.resolve("tsx/package.json"), "..", "dist", "cli.mjs");
  const child = spawn(process.execPath, [tsx, "src/server/main.ts"], {
    env: {
      ...process.env,
      CHECKOUT_PORT: "0",
      DEMO_PORT: "0",
      DATABASE_PATH: databasePath,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const checkout = /Checkout origin: (\S+)/.exec(output)?.[1];
      const demo = /Demo origin:\s+(\S+)/.exec(output)?.[1];
      if (!checkout || !demo) return;
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      resolve({
        checkoutOrigin: checkout,
        demoOrigin: demo,
        databasePath,
        child,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => {
              if (!databaseDir) rmSync(dir, { recursive: true, force: true });
              done();
            });
            child.kill("SIGTERM");
          }),
      });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

// What the run must not leave behind if it is stopped midway: server processes and the floor
// page written into the build output.
import type { ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";

const children = new Set<ChildProcess>();
const files = new Set<string>();

export function trackChild(child: ChildProcess): void {
  children.add(child);
  child.once("exit", () => children.delete(child));
}

export function trackFile(path: string): void {
  files.add(path);
}

export function untrackFile(path: string): void {
  files.delete(path);
}

/** Synchronous, so it can run right before `process.exit`. */
export function cleanUpNow(): void {
  for (const child of children) child.kill("SIGTERM");
  for (const path of files) rmSync(path, { force: true });
}

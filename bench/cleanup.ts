// What the run must not leave behind if it is stopped midway (a signal, or the watchdog):
// servers with their temporary folders and PostgreSQL schemas, and the floor page written into
// the build output.
import { rmSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

const stops = new Set<() => Promise<unknown>>();
const files = new Set<string>();

/**
 * Registers how to stop something the run started (a server: its process, folder, schema);
 * the answer forgets it again, for when the run stops it itself.
 */
export function trackStop(stop: () => Promise<unknown>): () => void {
  stops.add(stop);
  return () => stops.delete(stop);
}

export function trackFile(path: string): void {
  files.add(path);
}

export function untrackFile(path: string): void {
  files.delete(path);
}

/** Removes the files and stops whatever is still running, giving up after `ms`. */
export async function cleanUp(ms = 10_000): Promise<void> {
  for (const path of files) rmSync(path, { force: true });
  await Promise.race([Promise.allSettled([...stops].map((stop) => stop())), sleep(ms)]);
}

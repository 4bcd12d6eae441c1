import { execFileSync } from "node:child_process";
import { cpus, freemem, loadavg, platform, release, totalmem } from "node:os";

export interface Machine {
  date: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  freeMemoryGiB: number;
  os: string;
  node: string;
  /** 1, 5 and 15 minute load averages when the run started; above the core count means contention. */
  loadAverage: number[];
  commit: string;
}

const gib = (bytes: number) => Math.round((bytes / 2 ** 30) * 10) / 10;

function commit(): string {
  try {
    const hash = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain"], { encoding: "utf8" }).trim();
    return dirty ? `${hash} (with uncommitted changes)` : hash;
  } catch {
    return "unknown";
  }
}

export function describeMachine(): Machine {
  const cpuList = cpus();
  return {
    date: new Date().toISOString(),
    cpu: cpuList[0]?.model.trim() ?? "unknown",
    cores: cpuList.length,
    memoryGiB: gib(totalmem()),
    freeMemoryGiB: gib(freemem()),
    os: `${platform()} ${release()}`,
    node: process.version,
    loadAverage: loadavg().map((value) => Math.round(value * 100) / 100),
    commit: commit(),
  };
}

// CPU time of the server processes under load, read from Linux's /proc: the one figure of a
// server run that the machine's other work hardly moves (throughput and latency swing with it).
import { readFileSync } from "node:fs";

/**
 * Kernel clock ticks per second, in which /proc reports CPU time. Linux fixes USER_HZ at 100 on
 * every architecture Node.js runs on.
 */
const TICKS_PER_SECOND = 100;

/**
 * User plus system CPU milliseconds used so far by the processes `pids`, every thread counted
 * (the event loop, the garbage collector's helpers, libuv's pool); null where /proc cannot say
 * (not Linux, or a process has exited).
 */
export function processCpuMs(pids: number[]): number | null {
  let ticks = 0;
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      return null;
    }
    // Fields after the command, which is in parentheses and may itself hold spaces: state is
    // field 3, utime field 14 and stime field 15 (proc(5)).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return Number.isFinite(ticks) ? (ticks * 1000) / TICKS_PER_SECOND : null;
}

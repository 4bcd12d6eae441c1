// Closed-loop load with wrk (Debian's `wrk` package): a C load generator whose own CPU per
// request is a small fraction of a Node.js client's, so that on a machine where client and
// server share the cores, the figures are the server's rather than the client's. Each run
// writes a Lua script that points wrk's threads at the target's origins, gives each payment an
// idempotency key of its own where asked, and prints the summary as one JSON line.
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Client threads: one per core of this machine's two, each with half the connections. A
 * target of several origins gets its threads spread over them, as a load balancer would.
 */
export const WRK_THREADS = 2;

interface WrkRequest {
  /** One origin, or several sharing the connections. */
  origins: string[];
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Adds an `Idempotency-Key` of its own to every request (a payment that is never a replay). */
  freshIdempotencyKeys?: boolean;
  connections: number;
  seconds: number;
}

interface WrkResult {
  /** Answers received, whatever their status. */
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers with a status of 400 or more (wrk counts those, not other non-2xx). */
  non2xx: number;
  /** Connect, read and write errors and timeouts. */
  errors: number;
}

/** wrk's version line; fails with a clear message, before anything starts, when it is missing. */
export function wrkVersion(): string {
  let output: string;
  try {
    output = execFileSync("wrk", ["--version"], { encoding: "utf8" });
  } catch (error) {
    const failed = error as NodeJS.ErrnoException & { stdout?: string };
    if (failed.code === "ENOENT") {
      throw new Error("the server section needs wrk (Debian: apt-get install wrk)");
    }
    // It prints its version, then its usage, and exits 1.
    output = failed.stdout ?? "";
  }
  return /^wrk (\S+)/.exec(output)?.[1] ?? "unknown";
}

/** A Lua string literal: JSON's is one for the printable ASCII that the bench passes. */
const lua = (value: string) => JSON.stringify(value);

function script(request: WrkRequest): string {
  const origins = request.origins.map((origin) => {
    const url = new URL(origin);
    return `{${lua(url.hostname)}, ${lua(url.port)}}`;
  });
  const headers = Object.entries(request.headers)
    .map(([name, value]) => `wrk.headers[${lua(name)}] = ${lua(value)}`)
    .join("\n");
  // Each thread has a Lua state of its own, and each run a process of its own, so the key
  // names the run and the thread: keys repeated across either would be replays, answered from
  // the stored response without a charge, and measure as payments twice as fast.
  const keyed = request.freshIdempotencyKeys
    ? `
local sent = 0
function request()
  sent = sent + 1
  wrk.headers["Idempotency-Key"] = "bench-" .. run .. "-" .. thread_index .. "-" .. sent
  return wrk.format()
end`
    : "";
  return `
local origins = {${origins.join(", ")}}
local threads = 0
function setup(thread)
  local origin = origins[threads % #origins + 1]
  thread.addr = wrk.lookup(origin[1], origin[2])[1]
  thread:set("thread_index", threads)
  thread:set("host", origin[1] .. ":" .. origin[2])
  thread:set("run", ${lua(String(Date.now()))})
  threads = threads + 1
end
function init(args)
  wrk.headers["Host"] = host
end
wrk.method = ${lua(request.method)}
wrk.path = ${lua(request.path)}
${request.body === undefined ? "" : `wrk.body = ${lua(request.body)}`}
${headers}
${keyed}
function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "WRK_RESULT {\\"requests\\":%d,\\"microseconds\\":%d,\\"p50\\":%d,\\"p99\\":%d,\\"non2xx\\":%d,\\"errors\\":%d}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
`;
}

/** One wrk run; rejects when wrk fails or prints no summary. */
export async function runWrk(request: WrkRequest): Promise<WrkResult> {
  const dir = mkdtempSync(join(tmpdir(), "whop-bench-wrk-"));
  const scriptPath = join(dir, "run.lua");
  writeFileSync(scriptPath, script(request));
  try {
    const output = await new Promise<string>((resolve, reject) => {
      execFile(
        "wrk",
        [
          `-t${WRK_THREADS}`,
          `-c${request.connections}`,
          `-d${request.seconds}s`,
          "--timeout",
          "10s",
          "-s",
          scriptPath,
          `${request.origins[0]}${request.path}`,
        ],
        { timeout: (request.seconds + 20) * 1000 },
        (error, stdout, stderr) =>
          error ? reject(new Error(`wrk: ${stderr || error.message}`)) : resolve(stdout),
      );
    });
    const line = /WRK_RESULT (\{.*\})/.exec(output)?.[1];
    if (!line) throw new Error(`wrk printed no summary:\n${output}`);
    const summary = JSON.parse(line) as Record<string, number>;
    return {
      requests: summary.requests!,
      perSecond: summary.requests! / (summary.microseconds! / 1e6),
      p50Ms: summary.p50! / 1000,
      p99Ms: summary.p99! / 1000,
      non2xx: summary.non2xx!,
      errors: summary.errors!,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

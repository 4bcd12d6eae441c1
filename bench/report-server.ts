// The server section of docs/benchmarks.md: the platform on each engine beside the bare floor.
import { ms, number, range, ratio, table } from "./format.ts";
import type { LoadFigures, ServerLoadResults, ServerTarget } from "./server-load.ts";

const LABELS: Record<ServerTarget, string> = {
  floor: "floor (bare `node:http`)",
  sqlite: "SQLite (1 process)",
  postgres1: "PostgreSQL (1 instance)",
  postgres2: "PostgreSQL (2 instances)",
};

const perSecond = (figures: LoadFigures) => number(figures.requestsPerSecond.median, 0);
const micros = (value: number) => number(value, 0);

/** The p99 payments are meant to stay under at 64 connections; the CPU bound is stated for it. */
const TARGET_P99_MS = 20;

function routeTable(
  server: ServerLoadResults,
  route: "get" | "post" | "shell",
  unit: string,
): string {
  const floor = server[route].floor!.requestsPerSecond.median;
  return table(
    [
      "target",
      `${unit}/s`,
      "p50 ms",
      "p99 ms",
      "≥ 400 / errors",
      "÷ floor",
      "server CPU µs per answer",
    ],
    server.targets.map((target) => {
      const figures = server[route][target]!;
      return [
        LABELS[target],
        range(figures.requestsPerSecond, (value) => number(value, 0)),
        range(figures.p50Ms, ms),
        range(figures.p99Ms, ms),
        `${figures.non2xx} / ${figures.errors}`,
        target === "floor" ? "1" : ratio(figures.requestsPerSecond.median / floor),
        figures.cpuMicrosPerAnswer ? range(figures.cpuMicrosPerAnswer, micros) : "—",
      ];
    }),
  );
}

/**
 * What the CPU column means for latency: with every connection's next request sent as soon as
 * its answer arrives, the mean wait is connections ÷ throughput (Little's law), so a p99 below
 * `TARGET_P99_MS` needs at least connections ÷ that many answers per second, and as the p99 is
 * some multiple of the mean (a group commit's answers go out together), that multiple more.
 */
function cpuBound(server: ServerLoadResults): string {
  const sqlite = server.post.sqlite;
  const floor = server.post.floor;
  if (!sqlite?.cpuMicrosPerAnswer || !floor?.cpuMicrosPerAnswer) return "";
  const cpu = sqlite.cpuMicrosPerAnswer.median;
  const atLeast = server.connections / (TARGET_P99_MS / 1000);
  const meanMs = (server.connections / sqlite.requestsPerSecond.median) * 1000;
  const spread = sqlite.p99Ms.median / meanMs;
  return `

The last column is the server's own CPU time (all its processes and threads; not the client's,
not PostgreSQL's) per answer, from \`/proc\`. On SQLite a payment costs the process
${micros(cpu)} µs against the floor's ${micros(floor.cpuMicrosPerAnswer.median)} µs, ${ratio(cpu / floor.cpuMicrosPerAnswer.median)}, spread over two
threads (HTTP on one, the database on the other). With ${server.connections} connections each
sending its next request when the last is answered, the mean wait is ${server.connections} ÷ throughput
(Little's law): a p99 under ${TARGET_P99_MS} ms needs more than ${number(atLeast, 0)} payments/s, and more
the wider the spread. Here the mean wait was ${number(meanMs, 1)} ms and the p99
${ms(sqlite.p99Ms.median)} ms, ${number(spread, 2)} times the mean (a group commit's answers go out together,
and groups vary in length: see \`docs/deploy.md\`). The floor's p99 at the same
${server.connections} connections, ${range(floor.p99Ms, ms)} ms, is what wrk and the cores it shares with the
server leave under every p99 in this table.`;
}

/** The open-loop runs: the target rate offered to the floor and to SQLite, side by side. */
function targetRateSection(server: ServerLoadResults): string {
  const runs = server.targetRate;
  if (!runs) return "";
  const rows = Object.entries(runs.targets).map(([target, figures]) => [
    LABELS[target as ServerTarget],
    range(figures.answeredPerSecond, (value) => number(value, 0)),
    range(figures.p50Ms, ms),
    range(figures.p99Ms, ms),
    range(figures.maxMs, ms),
    figures.serverBusy ? range(figures.serverBusy, (value) => `${number(value * 100, 0)} %`) : "—",
    `${figures.non2xx} / ${figures.errors}`,
  ]);
  return `

### Payments at ${number(runs.rate, 0)}/s offered (open loop)

Buyers do not wait for each other: here each payment is sent at its own time, ${number(runs.rate, 0)} a
second at even intervals over ${runs.connections} keep-alive connections opened beforehand, whether or
not earlier ones have been answered, and its latency counts from when it was due, so a request
the client could not send on time is charged its wait. The closed loop above measures how many
payments a server can take at most, and its latency is connections ÷ throughput whatever the
server does; this one measures the wait at the throughput the platform must reach. ${runs.seconds} s per
run, ${runs.repetitions} repetitions alternating, after a 1 s run of each that is not recorded.

${table(["target", "answered/s", "p50 ms", "p99 ms", "max ms", "server CPU", "non-2xx / errors"], rows)}`;
}

export function serverSection(server: ServerLoadResults): string {
  const stored = Object.entries(server.payments)
    .map(
      ([target, count]) =>
        `${LABELS[target as ServerTarget]} stored ${number(count.stored, 0)} for ${number(count.answered, 0)}`,
    )
    .join("; ");
  const postgres = server.postgresVersion
    ? `PostgreSQL ${server.postgresVersion} at \`TEST_DATABASE_URL\` (default
\`postgres://postgres@127.0.0.1:5432/test\`), on this machine, as configured by its package
(\`synchronous_commit\` on: each payment's commit waits for its WAL flush); each PostgreSQL
target runs in a fresh schema of its own, dropped afterwards. After each of its payment runs,
and once its instances stop before the open loop below, PostgreSQL is made to \`CHECKPOINT\`: what
it writes back lands in its own turn rather than in the next target's.`
    : `**PostgreSQL not measured in this run:** ${server.postgresSkipped}.`;
  return `## 3. Server

wrk ${server.wrk.version} (a C load generator: about 20 µs of CPU a request on these cores, where
autocannon, a Node.js client, took about 110 µs; it still shares them with the server), ${server.wrk.threads} threads,
${server.connections} connections, ${server.durationSeconds} s per run, ${server.repetitions} repetitions of
every target and route in rotated order, after a warm-up of each (${server.warmUpSeconds.post} s of payments, ${server.warmUpSeconds.get} s
of plan reads, ${server.warmUpSeconds.shell} s of checkout pages: a fresh server's payments take some 8 s of
full load to reach their speed; see \`bench/server-load.ts\`). Client, servers and
database all share this machine (its cores and load are above): a second instance competes
with PostgreSQL and the client for the same CPUs.

- **floor**: a bare \`node:http\` server in its own process, answering fixed JSON bodies of the
  real answers' sizes (${server.bodyBytes.get} B for the plan, ${server.bodyBytes.post} B for the payment, ${server.bodyBytes.shell} B
  for the checkout page as sent, compressed): no routing, no validation, no storage.
- **SQLite (1 process)**: the platform as \`npm start\` runs it, on a fresh database file.
- **PostgreSQL (1 instance)**: the same server with \`DATABASE_URL\`.
- **PostgreSQL (2 instances)**: two such processes on one database, the connections split
  evenly between them, as a load balancer would.

${postgres}

Each server runs with the per-IP limit of failed payments raised: every connection comes from
one address, and a payment in flight holds a point of that limit until it succeeds.

Latencies are wrk's, over each whole run, from each request's send to its answer, with
microsecond resolution; "≥ 400" counts the answers wrk calls errors (every answer here is
meant to be 200 or 201).

### Payments: \`POST /api/v1/payments\` (card 4242…, a fresh \`Idempotency-Key\` each)

${routeTable(server, "post", "payments")}${cpuBound(server)}${targetRateSection(server)}

Stored payments against answers below 400 counted by wrk (requests still in flight when a run
stops are stored but not counted, so stored ≥ answered): ${stored}.

### Plan reads: \`GET /api/v1/plans/plan_DemoOneTime01\`

${routeTable(server, "get", "reads")}

### Checkout pages: \`GET /embed/checkout?planId=plan_DemoOneTime01&origin=…\`

The iframe's shell as the loader frames it, asked for as a browser does (\`Accept-Encoding: gzip,
deflate, br, zstd\`, English): the same URL for every buyer of one embed on one page (the
channel id is in the fragment, never sent), so answered from memory, made again once a second
or after a change (see \`docs/deploy.md\`).

${routeTable(server, "shell", "pages")}`;
}

export function serverHeadlines(server: ServerLoadResults): string[] {
  const payments = server.targets
    .filter((target) => target !== "floor")
    .map((target) => {
      const figures = server.post[target]!;
      return `${LABELS[target]} ${perSecond(figures)}/s (p50 ${ms(figures.p50Ms.median)} ms, p99 ${ms(figures.p99Ms.median)} ms)`;
    })
    .join(", ");
  const offered = server.targetRate;
  const atTargetRate =
    offered?.targets.sqlite && offered.targets.floor
      ? [
          `- Payments offered at ${number(offered.rate, 0)}/s (open loop, ${offered.connections} connections): p99 ${ms(offered.targets.sqlite.p99Ms.median)} ms on SQLite (p50 ${ms(offered.targets.sqlite.p50Ms.median)} ms); floor p99 ${ms(offered.targets.floor.p99Ms.median)} ms.`,
        ]
      : [];
  return [
    `- Payments at ${server.connections} connections: ${payments}; the bare \`node:http\` floor answers ${perSecond(server.post.floor!)}/s.`,
    ...atTargetRate,
    `- Plan reads: SQLite ${perSecond(server.get.sqlite!)}/s${server.get.postgres1 ? `, PostgreSQL ${perSecond(server.get.postgres1)}/s (1 instance)` : ""}; floor ${perSecond(server.get.floor!)}/s.`,
    `- Checkout pages: SQLite ${perSecond(server.shell.sqlite!)}/s${server.shell.postgres1 ? `, PostgreSQL ${perSecond(server.shell.postgres1)}/s (1 instance)` : ""}; floor ${perSecond(server.shell.floor!)}/s (${ratio(server.shell.sqlite!.requestsPerSecond.median / server.shell.floor!.requestsPerSecond.median)} on SQLite).`,
  ];
}

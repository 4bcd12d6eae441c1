/**
 * `WORKERS=N`: several server processes on one machine. The primary process forks N workers,
 * each running the whole server (main.ts); node:cluster lets them listen on the same ports and
 * hands them the connections. All shared state is in PostgreSQL (the rows, the rate-limit
 * counters, the webhook delivery leases), so the workers need nothing from each other.
 */
import cluster, { type Worker } from "node:cluster";

/** Whether this process prints the start banner: a lone server, or the first worker only. */
export const printsBanner = () => !cluster.isWorker || cluster.worker?.id === 1;

const STARTED = "whop-checkout:started";

/** Tells the primary, if any, that this worker started: it listens, with its store open. */
export const reportStarted = () => cluster.worker?.send(STARTED);

/**
 * Runs the primary: forks `count` workers, forks a new one for any that dies after it started
 * (`reportStarted`), and passes SIGTERM and SIGINT on to them, exiting once every one has
 * drained. A worker that dies before it started (a port taken, a database refusing) stops the
 * whole server, as a lone process would stop, rather than being restarted in a loop. Never
 * settles: the primary runs nothing else.
 */
export function superviseWorkers(count: number): Promise<never> {
  const started = new WeakSet<Worker>();
  let stopping = false;
  cluster.on("message", (worker, message) => {
    if (message === STARTED) started.add(worker);
  });
  const stopAll = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
  };
  cluster.on("exit", (worker, code, signal) => {
    if (stopping || !started.has(worker)) {
      if (!stopping) {
        console.error(`[whop-checkout] a worker could not start (exit ${code}); stopping.`);
        process.exitCode = 1;
        stopAll();
      }
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
      return;
    }
    console.error(
      `[whop-checkout] worker ${worker.process.pid} died (${signal ?? `exit ${code}`}); starting another.`,
    );
    cluster.fork();
  });
  process.on("SIGTERM", stopAll);
  process.on("SIGINT", stopAll);
  for (let i = 0; i < count; i++) cluster.fork();
  return new Promise<never>(() => {});
}

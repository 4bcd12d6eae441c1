/**
 * The platform's operational log: one JSON line per request and per webhook attempt on stdout,
 * for whatever collects an instance's output. It records what happened (ids, status, timings),
 * never what was sent: no bodies, no query strings, no headers, so no card data, CVC, email or
 * API key can reach it. People at a terminal still get `[whop-checkout]` lines (the CLI, the
 * start-up banner).
 */
import pino from "pino";

export type Logger = pino.Logger;

export const createLogger = (destination?: pino.DestinationStream): Logger =>
  pino(
    { base: { service: "whop-checkout" }, timestamp: pino.stdTimeFunctions.isoTime },
    destination,
  );

/**
 * How the process's lines reach stdout: asynchronously, in writes of at least 2 KiB, and at
 * least every quarter of a second. Each write wakes whatever reads the other end; one per
 * request, or even one per turn of the event loop, was a ninth of a plan read's CPU time (a
 * profile at 30,000 reads/s), and batching them made reads 13% faster. The lines waiting for a
 * write in flight are kept in strings of at most 4 KiB (`maxWrite`, 16 KiB by default): the
 * destination measures the last of them for every line it takes, and at 16 KiB that
 * measuring cost a plan read a tenth of its CPU time (42,000 → 47,000 reads/s). pino flushes
 * what is pending when the process exits; only a process killed outright loses its last
 * quarter second.
 */
const STDOUT_WRITES = { minLength: 2048, maxWrite: 4096, periodicFlush: 250 };

/** The process's logger (see `STDOUT_WRITES`). */
export const log = createLogger(pino.destination({ dest: 1, sync: false, ...STDOUT_WRITES }));

/** A logger that writes nothing (tests that do not look at the log). */
export const silentLog = pino({ level: "silent" });

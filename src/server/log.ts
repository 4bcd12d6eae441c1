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
 * The process's logger. Lines go out asynchronously: under load, writes made while one is in
 * flight are joined into one, instead of a blocking write per request (which a CPU profile of
 * plan reads showed as its largest cost). pino flushes what is pending when the process exits.
 */
export const log = createLogger(pino.destination({ dest: 1, sync: false }));

/** A logger that writes nothing (tests that do not look at the log). */
export const silentLog = pino({ level: "silent" });

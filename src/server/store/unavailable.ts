/**
 * Errors that mean the database cannot be reached right now, as opposed to a query that is
 * wrong: the connection was refused, dropped or timed out, the server is shutting down or
 * restarting, or SQLite's file is locked or gone. Such a request is answered 503 (retry
 * shortly) rather than 500, and the next request simply tries again.
 */
/** The code of every call's error once SQLite's thread has stopped (sqlite-thread.ts). */
export const THREAD_STOPPED = "ERR_DATABASE_THREAD_STOPPED";

const UNAVAILABLE_CODES = new Set([
  // Sockets (pg) and name resolution.
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  // PostgreSQL: connection exceptions (08…), shutdown and restart (57P01–57P03), too many
  // connections (53300).
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  "57P01",
  "57P02",
  "57P03",
  "53300",
  // SQLite: locked past the busy timeout, or the file cannot be opened.
  "SQLITE_BUSY",
  "SQLITE_CANTOPEN",
  THREAD_STOPPED,
]);

/**
 * node-postgres words these without a code: a connection that timed out or ended, and a
 * statement sent on a connection the server has already ended (mid-transaction, in a restart).
 */
const UNAVAILABLE_MESSAGE =
  /timeout exceeded when trying to connect|Connection terminated|encountered a connection error and is not queryable/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  let current = error;
  // An error may wrap its cause (AggregateError from a failed connect, or `cause`).
  for (let depth = 0; current && depth < 5; depth++) {
    const { code, message, cause, errors } = current as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
      errors?: unknown[];
    };
    if (typeof code === "string" && UNAVAILABLE_CODES.has(code)) return true;
    if (typeof message === "string" && UNAVAILABLE_MESSAGE.test(message)) return true;
    if (errors?.some(isDatabaseUnavailable)) return true;
    current = cause;
  }
  return false;
}

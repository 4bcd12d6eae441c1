// What the SQLite thread (sqlite-worker.ts) and its store on the main thread (sqlite-thread.ts)
// say to each other. Every request has an id, and each gets exactly one reply with that id.
import { HttpError } from "../http/http-error.ts";

export type ThreadRequest =
  /** A store method: `[name]`, or `[repository, name]` (e.g. `["webhooks", "claim"]`). */
  | { id: number; op: "call"; tx: number | null; path: string[]; args: unknown[] }
  /** Opens transaction `tx` (a savepoint of `parent`); the reply comes once it is open. */
  | { id: number; op: "begin"; tx: number; parent: number | null }
  /** Ends transaction `tx`; the reply comes once it is committed, or rolled back. */
  | { id: number; op: "end"; tx: number; commit: boolean }
  | { id: number; op: "close" };

export type ThreadReply = { id: number; value?: unknown; error?: SentError };

/** What the thread says once its database is open and migrated (or why it could not be). */
export type ThreadReady = { ready: true } | { ready: false; error: SentError };

/**
 * An error as it crosses between threads. Structured cloning keeps an Error's message but not
 * its class or its `code`, which decide the answer: an `HttpError` is the buyer's (404, 422…),
 * and a `code` such as SQLITE_BUSY makes a 503 (unavailable.ts).
 */
export interface SentError {
  name: string;
  message: string;
  stack?: string;
  code?: string;
  http?: Pick<HttpError, "status" | "code" | "field" | "headers">;
}

export function sendError(error: unknown): SentError {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const { name, message, stack } = error;
  if (error instanceof HttpError) {
    const { status, code, field, headers } = error;
    return { name, message, stack, http: { status, code, field, headers } };
  }
  const code = (error as { code?: unknown }).code;
  return { name, message, stack, ...(typeof code === "string" ? { code } : {}) };
}

export function receiveError(sent: SentError): Error {
  const error = sent.http
    ? new HttpError(
        sent.http.status,
        sent.http.code,
        sent.message,
        sent.http.field,
        sent.http.headers,
      )
    : Object.assign(new Error(sent.message), sent.code ? { code: sent.code } : {});
  error.name = sent.name;
  if (sent.stack) error.stack = sent.stack;
  return error;
}

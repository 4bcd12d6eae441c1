import { randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { Logger } from "../log.ts";

declare module "hono" {
  interface ContextVariableMap {
    /** The request's id (`requestIdOf`), for its log line, its answer and its error bodies. */
    requestId: string;
  }
}

/**
 * The id an answer carries in `X-Request-Id` and its log line: the caller's own when it is
 * well-formed (so a trace spans services), else a new one. Shared by the Hono app and the
 * public-answer fast path (public-answers.ts), so both name requests alike.
 */
export function requestIdOf(header: string | undefined): string {
  return header && header.length <= 255 && !/[^\w\-=]/.test(header) ? header : randomUUID();
}

interface RequestLine {
  reqId: string;
  method: string;
  /** The path without its query string, which may carry a buyer's email or campaign data. */
  path: string;
  status: number;
  /** When handling began (`performance.now()`). */
  started: number;
}

/** The one log line of a request: what, how it ended, how long it took; never a body. */
export function logRequest(logger: Logger, { reqId, method, path, status, started }: RequestLine) {
  logger.info(
    { req_id: reqId, method, path, status, ms: Math.round(performance.now() - started) },
    "request",
  );
}

/** Names every request (`requestId` in the context, `X-Request-Id` on the answer) and logs it. */
export const requestLog =
  (logger: Logger): MiddlewareHandler =>
  async (c, next) => {
    const started = performance.now();
    const reqId = requestIdOf(c.req.header("x-request-id"));
    c.set("requestId", reqId);
    c.header("X-Request-Id", reqId);
    await next();
    logRequest(logger, {
      reqId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      started,
    });
  };

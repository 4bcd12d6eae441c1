import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ApiErrorBody, ErrorCode } from "../../protocol/index.ts";

/** An error the API answers with as `{error: {code, message, field?}}` and `status`. */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toBody(): ApiErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.field ? { field: this.field } : {}),
      },
    };
  }
}

/**
 * The response for `error`: its status, headers and `{error}` body, which names the request
 * (`request_id`, as in the `X-Request-Id` header and the log) so a report can be traced.
 */
export function errorResponse(c: Context, error: HttpError): Response {
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  const body = error.toBody();
  const requestId = c.get("requestId") as string | undefined;
  if (requestId) body.error.request_id = requestId;
  return c.json(body, error.status);
}

import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { ApiErrorBody } from "../../protocol/index.ts";

/** An error the API answers with as `{error: {code, message, field?}}` and `status`. */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
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

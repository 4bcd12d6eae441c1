import { IncomingMessage } from "node:http";
import type { Context } from "hono";
import { HttpError } from "./http-error.ts";

/** Largest body any API route accepts. */
export const MAX_BODY_BYTES = 16 * 1024;

const tooLarge = () =>
  new HttpError(413, "body_too_large", `The body must be at most ${MAX_BODY_BYTES} bytes.`);

/** Each request's body, read once however many readers ask (the rate limits, then the route). */
const bodies = new WeakMap<object, Promise<string>>();

/**
 * The request's body as text, at most `MAX_BODY_BYTES` (a 413 beyond, found from the declared
 * length before anything is read, or as soon as the bytes read pass it).
 *
 * Under node:http it is read straight from the socket's stream. Reading it through the Web
 * `Request` (`c.req.text()`) makes the adapter build a full Request, an AbortController and a
 * ReadableStream around that stream for every payment, which costs more than the body itself;
 * a request made without node:http (`app.request` in tests) has only that `Request`.
 */
export function bodyText(c: Context): Promise<string> {
  let body = bodies.get(c.req.raw);
  if (!body) {
    const incoming = (c.env as { incoming?: unknown } | undefined)?.incoming;
    body = incoming instanceof IncomingMessage ? readIncoming(incoming) : readRequest(c.req.raw);
    bodies.set(c.req.raw, body);
  }
  return body;
}

/** Each request's body parsed as JSON, once however many readers ask. */
const parsed = new WeakMap<object, Promise<unknown>>();

/**
 * The request's body parsed as JSON, once per request: the per-plan rate limit reads its plan,
 * then the route validates it. Rejects as `bodyText` does, or with the parser's SyntaxError,
 * which each reader words its own way.
 */
export function bodyJson(c: Context): Promise<unknown> {
  let json = parsed.get(c.req.raw);
  if (!json) {
    json = bodyText(c).then((text): unknown => JSON.parse(text));
    parsed.set(c.req.raw, json);
  }
  return json;
}

function readIncoming(incoming: IncomingMessage): Promise<string> {
  if (Number(incoming.headers["content-length"]) > MAX_BODY_BYTES) {
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      // The rest flows past unread; node:http discards it so the connection can be reused.
      incoming.off("data", onData);
      reject(tooLarge());
    };
    incoming.on("data", onData);
    incoming.once("end", () => resolve(Buffer.concat(chunks, size).toString("utf8")));
    incoming.once("error", reject);
  });
}

async function readRequest(request: Request): Promise<string> {
  if (Number(request.headers.get("content-length")) > MAX_BODY_BYTES) throw tooLarge();
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.byteLength > MAX_BODY_BYTES) throw tooLarge();
  return new TextDecoder().decode(bytes);
}

import type {
  IncomingMessage,
  OutgoingHttpHeaders,
  RequestListener,
  ServerResponse,
} from "node:http";
import type { Context, MiddlewareHandler } from "hono";
import type { Logger } from "../log.ts";
import { logRequest, requestIdOf } from "./request-log.ts";

/**
 * Public answers served straight from node:http. A route whose answer is the same for every
 * caller of its URL (the plan a checkout reads) marks it with `markPublic`; the listener then
 * stores the answer exactly as the app wrote it, headers and all, and answers later identical
 * requests from memory, without building a Request, a Response or a Hono context for each: a
 * CPU profile of plan reads under load put most of their time there, not in the route.
 * Everything else, and anything this cannot be sure of, goes through the app.
 */

declare module "hono" {
  interface ContextVariableMap {
    /** Set by `markPublic`: until when the answer is the same for every caller of its URL. */
    publicUntil: number;
  }
}

/** Whether an `If-None-Match` header (a list, `*`, weak or strong tags) names `etag`. */
export const matchesEtag = (header: string | undefined, etag: string) =>
  !!header && header.split(",").some((tag) => ["*", etag, `W/${etag}`].includes(tag.trim()));

/**
 * Marks the answer being made as the same for every caller of this URL until `expires` (a time
 * of the app's clock), and for every conditional caller its ETag (`If-None-Match`) decides.
 */
export function markPublic(c: Context, expires: number): void {
  c.set("publicUntil", expires);
}

interface StoredAnswer {
  status: number;
  /** Name, value, name, value…: as the app wrote them, but for the request id. */
  headers: string[];
  /**
   * The bytes the app wrote, one character each (latin1): as a string, node:http sends the
   * body in one write with the head, where a Buffer costs a second buffer in a writev.
   */
  body: string;
}

interface Entry {
  etag: string | null;
  expires: number;
  /** The full answer, and the one to a request whose `If-None-Match` names `etag`. */
  ok?: StoredAnswer;
  notModified?: StoredAnswer;
}

/**
 * Whether `request` may be answered from memory: a GET without a query string (the app reads
 * some) and without credentials (requests with an API key are counted by its rate limit).
 */
const servable = (request: IncomingMessage) =>
  request.method === "GET" &&
  request.headers.authorization === undefined &&
  !!request.url?.startsWith("/") &&
  !request.url.includes("?");

/** Answers that vary with anything but the URL and `If-None-Match` are never stored. */
const PERSONAL = new Set(["set-cookie", "vary"]);

type Chunk = string | Uint8Array;

export class PublicAnswers {
  private readonly entries = new Map<string, Entry>();
  /** Requests whose answer the app marked public, with its expiry (see `keep`). */
  private readonly marked = new WeakMap<IncomingMessage, number>();
  /** Counts `clear` calls: an answer made before one is not stored after it. */
  private generation = 0;

  /** `now`: the clock of the `expires` given to `markPublic` (the app's clock). */
  constructor(private readonly now: () => number = Date.now) {}

  /** Forgets every answer: called whenever the app's own cached views are cleared. */
  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  /** App middleware: tells `listener` which answers were marked public, and until when. */
  readonly keep: MiddlewareHandler = async (c, next) => {
    await next();
    const expires = c.get("publicUntil") as number | undefined;
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    // The URL as it came must be the one the app routed: no encoded or dot-segment spellings,
    // each of which would take an entry of its own.
    if (expires !== undefined && incoming?.url === c.req.path) this.marked.set(incoming, expires);
  };

  /** A node:http listener answering from memory what it can, and passing the rest to `app`. */
  listener(app: RequestListener, logger: Logger): RequestListener {
    return (request, response) => {
      const answer = this.answerTo(request);
      if (!answer) {
        if (servable(request)) this.record(request, response);
        return app(request, response);
      }
      const started = performance.now();
      const id = request.headers["x-request-id"];
      const reqId = requestIdOf(typeof id === "string" ? id : undefined);
      response.writeHead(answer.status, [...answer.headers, "x-request-id", reqId]);
      response.end(answer.body, "latin1");
      const path = request.url!;
      logRequest(logger, { reqId, method: "GET", path, status: answer.status, started });
    };
  }

  private answerTo(request: IncomingMessage): StoredAnswer | undefined {
    if (!servable(request)) return undefined;
    const entry = this.entries.get(request.url!);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(request.url!);
      return undefined;
    }
    const notModified =
      entry.etag !== null && matchesEtag(request.headers["if-none-match"], entry.etag);
    return notModified ? entry.notModified : entry.ok;
  }

  /**
   * Watches the app answer `request`: what it writes (status, headers, body, exactly as they go
   * out, whatever the HTTP adapter added), stored once the answer is finished if the app marked
   * it public and nothing was cleared meanwhile.
   */
  private record(request: IncomingMessage, response: ServerResponse): void {
    const generation = this.generation;
    let head: [number, unknown] | undefined;
    const chunks: Buffer[] = [];
    // As `write` and `end` take them: a chunk, then an encoding for a string one, or a callback.
    const collect = (chunk: unknown, encoding: unknown) => {
      if (!head) return;
      if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk));
      else if (typeof chunk === "string") {
        chunks.push(
          Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8"),
        );
      }
    };
    const { writeHead, write, end } = response;
    response.writeHead = ((status: number, ...rest: unknown[]) => {
      // The app has routed the request by now: an answer it did not mark (a script, an asset)
      // is not watched further, so its body is never copied.
      if (this.marked.has(request)) head = [status, rest.at(-1)];
      else Object.assign(response, { writeHead, write, end });
      return writeHead.call(response, status, ...(rest as [OutgoingHttpHeaders]));
    }) as typeof writeHead;
    response.write = ((chunk: Chunk, ...rest: unknown[]) => {
      collect(chunk, rest[0]);
      return (write as (...args: unknown[]) => boolean).call(response, chunk, ...rest);
    }) as typeof write;
    response.end = ((chunk?: unknown, ...rest: unknown[]) => {
      collect(chunk, rest[0]);
      return (end as (...args: unknown[]) => ServerResponse).call(response, chunk, ...rest);
    }) as typeof end;
    response.once("finish", () => {
      const expires = this.marked.get(request);
      if (expires === undefined || !head || generation !== this.generation) return;
      const [status, written] = head;
      const headers = flatHeaders(written);
      // Headers set with setHeader went out too, but were not seen here: not stored then.
      if (!headers || response.getHeaderNames().length > 0) return;
      if (status !== 200 && status !== 304) return;
      const etag = headers.find((_, i) => i % 2 === 1 && headers[i - 1] === "etag") ?? null;
      let entry = this.entries.get(request.url!);
      if (!entry || entry.etag !== etag || entry.expires !== expires) {
        entry = { etag, expires };
        this.entries.set(request.url!, entry);
      }
      const body = Buffer.concat(chunks).toString("latin1");
      entry[status === 200 ? "ok" : "notModified"] = { status, headers, body };
    });
  }
}

/**
 * The headers given to `writeHead` as name, value…, without the request id; null when they
 * are not a plain record of single values, or personal (`PERSONAL`).
 */
function flatHeaders(written: unknown): string[] | null {
  if (!written || typeof written !== "object" || Array.isArray(written)) return null;
  const flat: string[] = [];
  for (const [name, value] of Object.entries(written)) {
    const lower = name.toLowerCase();
    if (PERSONAL.has(lower) || (typeof value !== "string" && typeof value !== "number")) {
      return null;
    }
    if (lower !== "x-request-id") flat.push(lower, String(value));
  }
  return flat;
}

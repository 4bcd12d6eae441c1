import { createHash } from "node:crypto";
import type {
  IncomingMessage,
  OutgoingHttpHeaders,
  RequestListener,
  ServerResponse,
} from "node:http";
import type { Context, MiddlewareHandler } from "hono";
import type { Logger } from "../log.ts";
import { ChangeLog } from "./change-log.ts";
import { logRequest, requestIdOf } from "./request-log.ts";

/**
 * Public answers served straight from node:http. A route whose answer is the same for every
 * caller of its URL (the plan a checkout reads, a checkout page) marks it with `markPublic`;
 * the listener then stores the answer exactly as the app wrote it, headers and all, and answers
 * later identical requests from memory, without building a Request, a Response or a Hono
 * context for each: a CPU profile of plan reads under load put most of their time there, not in
 * the route. An answer that names request headers in `Vary` is kept once for each set of their
 * values, as an HTTP cache keeps it. Everything else, and anything this cannot be sure of, goes
 * through the app.
 */

declare module "hono" {
  interface ContextVariableMap {
    /** Set by `markPublic`: until when the answer is the same for every caller of its URL. */
    publicUntil: number;
    /** Set by `markPublic`: the plan whose changes make the answer stale (null: none). */
    publicPlan: string | null;
    /**
     * Set by a route that changed only these plans' public answers (`changesOnly`); unset, a
     * successful request of an unsafe method may have changed anything.
     */
    changedPlans: readonly string[];
  }
}

/** A strong ETag of `body`: 160 bits of its SHA-256, quoted. */
export const strongEtag = (body: string | Uint8Array) =>
  `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;

/** Whether an `If-None-Match` header (a list, `*`, weak or strong tags) names `etag`. */
export const matchesEtag = (header: string | undefined, etag: string) =>
  !!header && header.split(",").some((tag) => ["*", etag, `W/${etag}`].includes(tag.trim()));

/**
 * Marks the answer being made as the same for every caller of this URL until `expires` (a time
 * of the app's clock) or a change of `plan` (null: of the catalogue only), and for every
 * conditional caller its ETag (`If-None-Match`) decides.
 */
export function markPublic(c: Context, expires: number, plan: string | null): void {
  c.set("publicUntil", expires);
  c.set("publicPlan", plan);
}

/**
 * Tells the caches that this request changed the public answers of `plans` alone (none: of no
 * plan), so the others stay: a payment changes its plan's stock, not the rest of the catalogue.
 */
export function changesOnly(c: Context, plans: readonly string[]): void {
  c.set("changedPlans", plans);
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

/** The answers to one URL for one set of values of the headers its answers vary with. */
interface Variant {
  expires: number;
  /** The change count when its request came (see `ChangeLog`). */
  since: number;
  etag: string | null;
  /** The full answer, and the one to a request whose `If-None-Match` names `etag`. */
  ok?: StoredAnswer;
  notModified?: StoredAnswer;
}

interface Entry {
  /** The plan whose changes make its answers stale (null: only the catalogue's). */
  plan: string | null;
  /** The request headers named by the answer's `Vary`, in lower case. */
  vary: string[];
  /** By the request's values of those headers (`variantKey`). */
  variants: Map<string, Variant>;
}

/**
 * How many answers are kept at most: a query string or a header value is the caller's to
 * choose, so each could take an entry of its own. The oldest stored go first. A checkout page,
 * the largest answer marked public, is ~5 KB compressed, ~11 KB not: ~25 MB at most.
 */
export const MAX_ANSWERS = 2048;

/**
 * Whether `request` may be answered from memory: a GET without credentials (requests with an
 * API key are counted by its rate limit).
 */
const servable = (request: IncomingMessage) =>
  request.method === "GET" &&
  request.headers.authorization === undefined &&
  !!request.url?.startsWith("/");

/** The request's values of the headers an answer varies with, as one key. */
const variantKey = (request: IncomingMessage, vary: string[]) =>
  vary.map((name) => request.headers[name] ?? "").join("\n");

/** The value of header `name` in name, value… (`StoredAnswer.headers`). */
const headerIn = (headers: string[], name: string) =>
  headers.find((_, i) => i % 2 === 1 && headers[i - 1] === name);

const answersIn = (variant: Variant) => Number(!!variant.ok) + Number(!!variant.notModified);

/** A personal answer (one that sets a cookie) is never stored. */
const PERSONAL = "set-cookie";

type Chunk = string | Uint8Array;

export class PublicAnswers {
  /** By URL (path and query), the most recently stored last. */
  private readonly entries = new Map<string, Entry>();
  /** The answers in `entries`, all variants counted. */
  private answers = 0;
  /** Requests whose answer the app marked public: its expiry and plan (see `keep`). */
  private readonly marked = new WeakMap<
    IncomingMessage,
    { expires: number; plan: string | null; since: number }
  >();
  /** What changed when: an answer read before a change of its plan is not kept after it. */
  private readonly changes = new ChangeLog();

  /** `now`: the clock of the `expires` given to `markPublic` (the app's clock). */
  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Forgets the answers about `plans`, or every answer (no argument): called whenever the app's
   * own cached views are cleared.
   */
  clear(plans?: readonly string[]): void {
    this.changes.record(plans);
    if (plans) return;
    this.entries.clear();
    this.answers = 0;
  }

  /** App middleware: tells `listener` which answers were marked public, and until when. */
  readonly keep: MiddlewareHandler = async (c, next) => {
    const since = this.changes.now();
    await next();
    const expires = c.get("publicUntil") as number | undefined;
    if (expires === undefined) return;
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    // The URL as it came must be the one the app routed: no encoded or dot-segment spellings,
    // each of which would take an entry of its own.
    const query = c.req.url.indexOf("?");
    const routed = query < 0 ? c.req.path : c.req.path + c.req.url.slice(query);
    if (incoming?.url === routed) {
      this.marked.set(incoming, { expires, plan: c.get("publicPlan"), since });
    }
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
      const url = request.url!;
      const path = url.split("?", 1)[0]!;
      logRequest(logger, { reqId, method: "GET", path, status: answer.status, started });
    };
  }

  private answerTo(request: IncomingMessage): StoredAnswer | undefined {
    if (!servable(request)) return undefined;
    const entry = this.entries.get(request.url!);
    if (!entry) return undefined;
    const key = variantKey(request, entry.vary);
    const variant = entry.variants.get(key);
    if (!variant) return undefined;
    if (variant.expires <= this.now() || this.changes.changedSince(variant.since, entry.plan)) {
      this.answers -= answersIn(variant);
      entry.variants.delete(key);
      if (!entry.variants.size) this.entries.delete(request.url!);
      return undefined;
    }
    const notModified =
      variant.etag !== null && matchesEtag(request.headers["if-none-match"], variant.etag);
    return notModified ? variant.notModified : variant.ok;
  }

  private forget(url: string, entry: Entry): void {
    this.entries.delete(url);
    for (const variant of entry.variants.values()) this.answers -= answersIn(variant);
  }

  /** Keeps `answer` for `request`, forgetting the oldest entries beyond `MAX_ANSWERS`. */
  private store(
    request: IncomingMessage,
    { expires, plan, since }: { expires: number; plan: string | null; since: number },
    vary: string[],
    answer: StoredAnswer,
  ) {
    const url = request.url!;
    const etag = headerIn(answer.headers, "etag");
    let entry = this.entries.get(url);
    if (entry && (entry.vary.join() !== vary.join() || entry.plan !== plan)) {
      this.forget(url, entry);
      entry = undefined;
    }
    if (!entry) entry = { plan, vary, variants: new Map() };
    // Stored last, so it is forgotten last.
    this.entries.delete(url);
    this.entries.set(url, entry);
    const key = variantKey(request, vary);
    let variant = entry.variants.get(key);
    const same = variant?.etag === (etag ?? null) && variant.expires === expires;
    if (!variant || !same || variant.since !== since) {
      if (variant) this.answers -= answersIn(variant);
      variant = { expires, since, etag: etag ?? null };
      entry.variants.set(key, variant);
    }
    const kind = answer.status === 200 ? "ok" : "notModified";
    if (!variant[kind]) this.answers++;
    variant[kind] = answer;
    for (const [oldest, old] of this.entries) {
      if (this.answers <= MAX_ANSWERS || old === entry) break;
      this.forget(oldest, old);
    }
  }

  /**
   * Watches the app answer `request`: what it writes (status, headers, body, exactly as they go
   * out, whatever the HTTP adapter added), stored once the answer is finished if the app marked
   * it public and nothing was cleared meanwhile.
   */
  private record(request: IncomingMessage, response: ServerResponse): void {
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
      const marked = this.marked.get(request);
      // Made while its plan (or the catalogue) changed: perhaps from before the change.
      if (!marked || !head || this.changes.changedSince(marked.since, marked.plan)) return;
      const [status, written] = head;
      const headers = flatHeaders(written);
      // Headers set with setHeader went out too, but were not seen here: not stored then.
      if (!headers || response.getHeaderNames().length > 0) return;
      if (status !== 200 && status !== 304) return;
      const vary = (headerIn(headers, "vary") ?? "")
        .split(",")
        .map((name) => name.trim().toLowerCase())
        .filter(Boolean);
      // `Vary: *`: the answer depends on more than the request's headers.
      if (vary.includes("*")) return;
      const body = Buffer.concat(chunks).toString("latin1");
      this.store(request, marked, vary, { status, headers, body });
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
    if (lower === PERSONAL || (typeof value !== "string" && typeof value !== "number")) {
      return null;
    }
    if (lower !== "x-request-id") flat.push(lower, String(value));
  }
  return flat;
}

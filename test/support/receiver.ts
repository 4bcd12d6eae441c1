import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
} from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export interface Received {
  id: string;
  type: string;
  data: Record<string, unknown>;
  /** Whether the Standard Webhooks signature checked out. */
  verified: boolean;
  /** When it arrived (epoch ms). */
  at: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** Every request, including the ones answered with an error. */
  attempts: number;
  /** Every request as it came, in order, including the ones answered with an error. */
  requests: { headers: IncomingHttpHeaders; body: string }[];
  /**
   * The requests held open (see `hold`), by event id, with when each arrived and when its
   * sender hung up (null while it is still connected).
   */
  held: { id: string; at: number; closedAt: number | null }[];
  /** Answers every request from now on, instead of holding it. */
  release(): void;
  close(): Promise<void>;
  /**
   * Resolves once `count` distinct events (by `webhook-id`) arrived; delivery is at least
   * once, so an event may also arrive twice.
   */
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
}

const readBody = (request: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => resolve(body));
  });

/**
 * A merchant's webhook endpoint on a free loopback port. It verifies each delivery with the
 * `standardwebhooks` package; `failFirst` answers that many requests with 500 first; with
 * `hold`, every request is held open, never answered, until `release()` (a receiver that
 * hangs, or a sender that dies mid-delivery). Loopback is a private target: whatever delivers
 * to it must allow private targets explicitly.
 */
export async function startReceiver(
  secret: string,
  failFirst = 0,
  options: { hold?: boolean } = {},
): Promise<Receiver> {
  const verifier = new Webhook(secret);
  const received: Received[] = [];
  let attempts = 0;
  let holding = options.hold ?? false;
  const requests: Receiver["requests"] = [];
  const held: Receiver["held"] = [];
  const server: Server = createServer(async (request, response) => {
    const at = Date.now();
    const body = await readBody(request);
    attempts++;
    requests.push({ headers: request.headers, body });
    if (holding) {
      const entry: Receiver["held"][number] = {
        id: String(request.headers["webhook-id"]),
        at,
        closedAt: null,
      };
      held.push(entry);
      request.socket.once("close", () => {
        entry.closedAt = Date.now();
      });
      return;
    }
    if (attempts <= failFirst) {
      response.writeHead(500).end("not yet");
      return;
    }
    let verified = false;
    let payload: { type: string; data: Record<string, unknown> } = { type: "", data: {} };
    try {
      payload = verifier.verify(body, {
        "webhook-id": String(request.headers["webhook-id"]),
        "webhook-timestamp": String(request.headers["webhook-timestamp"]),
        "webhook-signature": String(request.headers["webhook-signature"]),
      }) as typeof payload;
      verified = true;
    } catch {
      verified = false;
    }
    received.push({ id: String(request.headers["webhook-id"]), ...payload, verified, at });
    response.writeHead(verified ? 204 : 400).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    get attempts() {
      return attempts;
    },
    requests,
    held,
    release: () => {
      holding = false;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    waitFor: async (count, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      const distinct = () => new Set(received.map((delivery) => delivery.id)).size;
      while (distinct() < count) {
        if (Date.now() > deadline) {
          throw new Error(`expected ${count} deliveries, got ${received.length}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return received;
    },
  };
}

// The checkout app served over real HTTP with its public answers (public-answers.ts), for the
// tests of what is answered from memory.
import { createServer, type RequestListener, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { getRequestListener } from "@hono/node-server";
import { PublicAnswers } from "../../src/server/http/public-answers.ts";
import type { RateLimits } from "../../src/server/http/rate-limit.ts";
import { createLogger } from "../../src/server/log.ts";
import { DEMO } from "../../src/server/seed.ts";
import { createCheckoutAppFor, createTestApp } from "./test-app.ts";

export const PLAN = `/api/v1/plans/${DEMO.oneTimePlan}`;
const servers: Server[] = [];

/** Closes every server `listen` started (an `afterEach` of the tests that use it). */
export async function closeServers() {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  }
}

export async function listen(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * The checkout app over real HTTP on loopback, as main.ts serves it, with a clock the test
 * moves, the log lines it wrote, and how many requests reached the app (the rest were answered
 * from memory).
 */
export async function serve(rateLimits: Partial<RateLimits> = {}) {
  let clock = Date.parse("2026-11-30T12:00:00Z");
  const now = () => clock;
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger(
    new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    }),
  );
  const { store } = await createTestApp();
  const answers = new PublicAnswers(now);
  const app = createCheckoutAppFor(store, rateLimits, {
    now,
    logger,
    publicAnswers: answers,
  });
  const viaApp = getRequestListener(app.fetch);
  let routed = 0;
  const origin = await listen(
    answers.listener((request, response) => {
      routed++;
      return viaApp(request, response);
    }, logger),
  );
  return {
    origin,
    store,
    lines,
    routed: () => routed,
    tick: (ms: number) => {
      clock += ms;
    },
    get: (path: string, headers: Record<string, string> = {}) =>
      fetch(`${origin}${path}`, { headers }),
  };
}

/** A GET of `path` exactly as written, as a fetch Response. */
export const rawGet = (origin: string, path: string) =>
  new Promise<Response>((resolve, reject) => {
    const { hostname, port } = new URL(origin);
    request({ hostname, port, path }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
      incoming.on("end", () =>
        resolve(new Response(Buffer.concat(chunks), { status: incoming.statusCode })),
      );
    })
      .on("error", reject)
      .end();
  });

/** Every header but those naming the request (`x-request-id`) or the second (`date`). */
export const sameEverywhere = (response: Response) =>
  [...response.headers].filter(([name]) => name !== "x-request-id" && name !== "date");

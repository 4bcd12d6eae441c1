import { Agent, createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getRequestListener } from "@hono/node-server";
import { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import { bodyJson, bodyText, MAX_BODY_BYTES } from "../../../src/server/http/body.ts";
import { HttpError } from "../../../src/server/http/http-error.ts";

/** An app whose route reads the body twice (as the rate limits and then the route do). */
function echoApp() {
  const app = new Hono();
  app.onError((error, c) =>
    error instanceof HttpError ? c.json(error.toBody(), error.status) : c.text("broken", 500),
  );
  app.post("/echo", async (c) => {
    const first = await bodyText(c);
    const again = await bodyText(c);
    return c.json({ first, same: first === again });
  });
  return app;
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  }
});

/** The app over node:http on loopback, as main.ts serves it. */
async function listen(): Promise<string> {
  const server = createServer(getRequestListener(echoApp().fetch));
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A POST whose body is sent in `chunks` (chunked, so with no declared length when several). */
function post(origin: string, chunks: (string | Buffer)[], agent?: Agent) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const outgoing = request(`${origin}/echo`, { method: "POST", agent }, (answer) => {
      let body = "";
      answer.setEncoding("utf8");
      answer.on("data", (chunk: string) => {
        body += chunk;
      });
      answer.on("end", () => resolve({ status: answer.statusCode!, body }));
    });
    // The server may answer 413 and stop reading before everything is written.
    outgoing.on("error", (error) => reject(error));
    if (chunks.length === 1) outgoing.setHeader("content-length", Buffer.byteLength(chunks[0]!));
    for (const chunk of chunks) outgoing.write(chunk);
    outgoing.end();
  });
}

describe("bodyText over node:http", () => {
  it("reads the body from the socket once, however many readers ask, multi-byte text intact", async () => {
    const origin = await listen();
    // "é" split across two chunks: decoded from the whole body, not chunk by chunk.
    const bytes = Buffer.from('{"name":"Zoé"}');
    const split = bytes.indexOf(0xa9);
    const answer = await post(origin, [bytes.subarray(0, split), bytes.subarray(split)]);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ first: '{"name":"Zoé"}', same: true });
  });

  it("answers 413 for a declared length over the limit, before reading it", async () => {
    const origin = await listen();
    const answer = await post(origin, ["x".repeat(MAX_BODY_BYTES + 1)]);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({
      error: {
        code: "body_too_large",
        message: `The body must be at most ${MAX_BODY_BYTES} bytes.`,
      },
    });
  });

  it("answers 413 as soon as an undeclared body passes the limit, and the connection serves on", async () => {
    const origin = await listen();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const chunk = "y".repeat(4096);
      const big = await post(
        origin,
        Array.from({ length: 8 }, () => chunk),
        agent,
      );
      expect(big.status).toBe(413);
      // Exactly the limit is accepted.
      const limit = await post(origin, ["z".repeat(MAX_BODY_BYTES - 1), "z"], agent);
      expect(limit.status).toBe(200);
      expect(JSON.parse(limit.body).first).toHaveLength(MAX_BODY_BYTES);
    } finally {
      agent.destroy();
    }
  });
});

describe("bodyText without node:http (app.request)", () => {
  it("reads the Request's body with the same limit", async () => {
    const app = echoApp();
    const small = await app.request("/echo", { method: "POST", body: "hello" });
    expect(await small.json()).toEqual({ first: "hello", same: true });
    const big = await app.request("/echo", {
      method: "POST",
      body: "x".repeat(MAX_BODY_BYTES + 1),
    });
    expect(big.status).toBe(413);
  });
});

describe("bodyJson", () => {
  it("parses the body once for every reader, and rejects what is not JSON", async () => {
    const app = new Hono();
    app.post("/json", async (c) => {
      const first = await bodyJson(c);
      const again = await bodyJson(c);
      return c.json({ first, same: first === again });
    });
    app.post("/bad", async (c) => {
      const error = await bodyJson(c).catch((reason: unknown) => reason);
      return c.text(error instanceof SyntaxError ? "syntax" : "other");
    });
    const parsed = await app.request("/json", { method: "POST", body: '{"plan_id":"plan_A1"}' });
    expect(await parsed.json()).toEqual({ first: { plan_id: "plan_A1" }, same: true });
    expect(await (await app.request("/bad", { method: "POST", body: "{nope" })).text()).toBe(
      "syntax",
    );
  });
});

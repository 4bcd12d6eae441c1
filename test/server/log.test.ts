import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { expect, it } from "vitest";
import { createApiKey } from "../../src/server/catalog.ts";
import { batchedDestination, createLogger } from "../../src/server/log.ts";
import { DEMO } from "../../src/server/seed.ts";
import { spawnServer } from "../support/spawn-server.ts";
import { createTestApp, declineCard, postJson, successCard } from "../support/test-app.ts";

/** A logger whose JSON lines the test reads back. */
function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split("\n").filter(Boolean));
      done();
    },
  });
  return { logger: createLogger(stream), lines };
}

it("logs one JSON line per request, named by the request id every answer carries", async () => {
  const { logger, lines } = capture();
  const { app } = await createTestApp({}, { logger });
  const plan = await app.request(`/api/v1/plans/${DEMO.oneTimePlan}?utm_source=secret-campaign`);
  const id = plan.headers.get("x-request-id");
  expect(id).toMatch(/^[\w-]{16,}$/);
  const missing = await app.request("/api/v1/plans/plan_Missing123");
  const body = await missing.json();
  expect(body.error).toMatchObject({
    code: "plan_not_found",
    request_id: missing.headers.get("x-request-id"),
  });
  // A caller's own well-formed id is kept, so a trace spans services.
  const traced = await app.request("/healthz", { headers: { "X-Request-Id": "trace-0042" } });
  expect(traced.headers.get("x-request-id")).toBe("trace-0042");

  const entries = lines.map((line) => JSON.parse(line));
  expect(entries).toHaveLength(3);
  expect(entries[0]).toMatchObject({
    msg: "request",
    req_id: id,
    method: "GET",
    path: `/api/v1/plans/${DEMO.oneTimePlan}`,
    status: 200,
  });
  expect(typeof entries[0].ms).toBe("number");
  expect(entries[1]).toMatchObject({ status: 404, req_id: body.error.request_id });
  expect(entries[2]).toMatchObject({ req_id: "trace-0042", path: "/healthz" });
  // The query string is not logged: it may carry a buyer's email (prefill) or campaign data.
  expect(lines.join("\n")).not.toContain("secret-campaign");
});

it("never logs a card number, a CVC or an API key", async () => {
  const { logger, lines } = capture();
  const { app, store } = await createTestApp({}, { logger });
  const { key } = await createApiKey(store, DEMO.company, "logs");
  const card = { ...successCard, number: "4242424242424242", cvc: "9876" };
  for (const paid of [card, { ...declineCard, cvc: "9876" }, { ...card, number: "4242" }]) {
    await app.request(
      "/api/v1/payments",
      postJson({ plan_id: DEMO.oneTimePlan, email: "a@b.co", card: paid }),
    );
  }
  await app.request("/api/v1/payments", { headers: { Authorization: `Bearer ${key}` } });
  await app.request("/api/v1/payments", { headers: { Authorization: `Bearer ${key}x` } });
  expect(lines.length).toBe(5);
  // Request ids are random hex: left out, so a CVC-like run of digits in one is no false alarm.
  const text = lines
    .map((line) => JSON.stringify({ ...JSON.parse(line), req_id: undefined }))
    .join("\n");
  expect(text).not.toMatch(/cvc|card/i);
  for (const secret of ["4242424242424242", "0000000000000002", "9876", key, key.slice(-12)]) {
    expect(text, secret).not.toContain(secret);
  }
});

it("writes a quiet moment's line to stdout within a second, and what is pending at exit", async () => {
  const server = await spawnServer();
  let output = "";
  server.child.stdout!.on("data", (chunk: Buffer) => {
    output += String(chunk);
  });
  const requestLines = () => output.split("\n").filter((line) => line.includes('"msg":"request"'));
  try {
    await fetch(`${server.checkoutOrigin}/healthz`);
    // One line is far from a write's 2 KiB: the periodic flush writes it.
    await expect.poll(requestLines, { timeout: 1_000, interval: 20 }).toHaveLength(1);
    await Promise.all(
      Array.from({ length: 200 }, () =>
        fetch(`${server.checkoutOrigin}/healthz`).then((answer) => answer.text()),
      ),
    );
    await fetch(`${server.checkoutOrigin}/healthz`);
  } finally {
    // At once, before the next periodic flush: the last lines go out as the process exits.
    await server.stop();
  }
  expect(requestLines()).toHaveLength(202);
});

it("keeps up with a busy event loop: each write takes what a turn logged", async () => {
  const dir = mkdtempSync(join(tmpdir(), "whop-log-"));
  const file = join(dir, "stdout.log");
  const batched = batchedDestination(file);
  const destination = batched.file;
  let logged = 0;
  const logger = createLogger({
    write(line: string) {
      logged += Buffer.byteLength(line);
      batched.write(line);
    },
  });
  try {
    await once(destination, "ready");
    // A turn of a loop answering some 30,000 requests a second: 120 lines of about 300 bytes,
    // 4 ms of them. Each turn ends once one write has finished: one write a turn is what a busy
    // event loop gives the log.
    const turns = 40;
    const path = `/caf\u00e9${"/x".repeat(80)}`;
    let lastTurn = 0;
    for (let turn = 0; turn < turns; turn++) {
      const written = once(destination, "write");
      const before = logged;
      for (let line = 0; line < 120; line++) logger.info({ turn, line, path });
      lastTurn = logged - before;
      await written;
    }
    // What still waits is at most the last turn's lines, not a backlog growing every turn.
    expect(logged - statSync(file).size).toBeLessThanOrEqual(lastTurn);
    // Every line arrives whole, in order, as UTF-8.
    destination.end();
    await once(destination, "close");
    const lines = readFileSync(file, "utf8")
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((entry) => entry.turn * 120 + entry.line)).toEqual([...lines.keys()]);
    expect(lines).toHaveLength(turns * 120);
    expect(lines.every((entry) => entry.path === path)).toBe(true);
  } finally {
    destination.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
});

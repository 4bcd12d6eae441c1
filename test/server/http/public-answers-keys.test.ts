// What public answers are kept under: the URL with its query, the values of the headers an
// answer varies with, and how many at most.
import { Writable } from "node:stream";
import { getRequestListener } from "@hono/node-server";
import { Hono } from "hono";
import { afterEach, expect, it } from "vitest";
import { MAX_ANSWERS, markPublic, PublicAnswers } from "../../../src/server/http/public-answers.ts";
import { createLogger } from "../../../src/server/log.ts";
import { PLAN_VIEW_TTL_MS } from "../../../src/server/routes/buyer/plan-views.ts";
import { DEMO, seedDemo } from "../../../src/server/seed.ts";
import { closeServers, listen, PLAN, rawGet, serve } from "../../support/public-answers.ts";
import { DEMO_ORIGIN } from "../../support/test-app.ts";

afterEach(closeServers);

it("keeps an answer for each query string, as written (fetch would drop a bare '?')", async () => {
  const { origin, routed, lines } = await serve();
  const body = await (await rawGet(origin, PLAN)).text();
  for (const path of [`${PLAN}?utm_source=x`, `${PLAN}?`, `${PLAN}?utm_source=y`]) {
    const before = routed();
    for (let i = 0; i < 2; i++) {
      const answer = await rawGet(origin, path);
      expect(answer.status).toBe(200);
      expect(await answer.text()).toBe(body);
    }
    expect(routed()).toBe(before + 1);
  }
  // The log never has the query, which may carry a buyer's campaign data.
  expect(lines.map((line) => line.path)).toEqual(Array(7).fill(PLAN));
});

it("keeps the oldest answers only while there is room, whatever queries callers make up", async () => {
  const { origin, routed } = await serve();
  const paths = Array.from({ length: MAX_ANSWERS + 1 }, (_, i) => `${PLAN}?n=${i}`);
  for (const path of paths) expect((await rawGet(origin, path)).status).toBe(200);
  expect(routed()).toBe(paths.length);
  // The newest are answered from memory; the first was forgotten to make room.
  await rawGet(origin, paths.at(-1)!);
  await rawGet(origin, paths[1]!);
  expect(routed()).toBe(paths.length);
  await rawGet(origin, paths[0]!);
  expect(routed()).toBe(paths.length + 1);
});

it("answers a checkout page from memory for each language, and frames it anew within a plan view's time", async () => {
  const { get, routed, store, tick } = await serve();
  const page = `/embed/checkout?planId=${DEMO.oneTimePlan}&origin=${encodeURIComponent(DEMO_ORIGIN)}`;
  const read = async (language: string) => {
    const response = await get(page, { "Accept-Language": language });
    const csp = response.headers.get("content-security-policy")!;
    return { html: await response.text(), ancestors: /frame-ancestors ([^;]*)/.exec(csp)![1] };
  };
  const [english, french] = [await read("en"), await read("fr")];
  expect(english.html).toContain('lang="en"');
  expect(french.html).toContain('lang="fr"');
  expect(await read("en")).toEqual(english);
  expect(await read("fr")).toEqual(french);
  expect(routed()).toBe(2);
  // A browser asking again with the page's ETag: the app's own 304, from memory after the first.
  const etag = (await get(page, { "Accept-Language": "en" })).headers.get("etag")!;
  for (let i = 0; i < 2; i++) {
    const again = await get(page, { "Accept-Language": "en", "If-None-Match": etag });
    expect(again.status).toBe(304);
  }
  expect(routed()).toBe(3);
  // The company's origins changed elsewhere (another instance, the CLI): framed as before until
  // a plan view's time is up, then as now.
  await seedDemo(store, DEMO_ORIGIN, ["https://extra.example"]);
  tick(PLAN_VIEW_TTL_MS - 1);
  expect((await read("en")).ancestors).toBe(DEMO_ORIGIN);
  tick(1);
  expect((await read("en")).ancestors).toBe(`${DEMO_ORIGIN} https://extra.example`);
  expect(routed()).toBe(4);
});

/** An app whose one answer varies as `vary` says and names the `Accept-Language` it got. */
async function serveVarying(vary: string) {
  const answers = new PublicAnswers();
  const app = new Hono().use(answers.keep).get("/greeting", (c) => {
    markPublic(c, Date.now() + 60_000, null);
    c.header("Vary", vary);
    return c.text(`hello in ${c.req.header("accept-language")}`);
  });
  const viaApp = getRequestListener(app.fetch);
  let routed = 0;
  const origin = await listen(
    answers.listener(
      (request, response) => {
        routed++;
        return viaApp(request, response);
      },
      createLogger(new Writable({ write: (_chunk, _encoding, done) => done() })),
    ),
  );
  const greet = async (language: string, encoding = "gzip") => {
    const response = await fetch(`${origin}/greeting`, {
      headers: { "Accept-Language": language, "Accept-Encoding": encoding },
    });
    return response.text();
  };
  return { greet, routed: () => routed };
}

it("keeps an answer that varies once for each value of the headers it varies with", async () => {
  const { greet, routed } = await serveVarying("Accept-Encoding, accept-language");
  for (let i = 0; i < 2; i++) {
    expect(await greet("fr")).toBe("hello in fr");
    expect(await greet("de")).toBe("hello in de");
    expect(await greet("fr", "br")).toBe("hello in fr");
  }
  expect(routed()).toBe(3);
});

it("keeps no answer that varies with anything (`Vary: *`)", async () => {
  const { greet, routed } = await serveVarying("*");
  expect(await greet("fr")).toBe("hello in fr");
  expect(await greet("fr")).toBe("hello in fr");
  expect(routed()).toBe(2);
});

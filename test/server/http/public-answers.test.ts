import { Writable } from "node:stream";
import { afterEach, expect, it } from "vitest";
import { checkoutListener } from "../../../src/server/app.ts";
import { createApiKey } from "../../../src/server/catalog.ts";
import { createLogger } from "../../../src/server/log.ts";
import { PLAN_VIEW_TTL_MS } from "../../../src/server/routes/buyer/plan-views.ts";
import { DEMO } from "../../../src/server/seed.ts";
import {
  closeServers,
  listen,
  PLAN,
  rawGet,
  sameEverywhere,
  serve,
} from "../../support/public-answers.ts";
import {
  addPlan,
  createTestApp,
  DEMO_ORIGIN,
  GENEROUS_LIMITS,
  postJson,
  purchase,
  TEST_SERVER_SECRET,
} from "../../support/test-app.ts";

afterEach(closeServers);

it("answers a plan read again from memory: same status, body and headers, its own request id", async () => {
  const { get, routed } = await serve();
  const first = await get(PLAN);
  const firstBody = await first.text();
  expect(first.status).toBe(200);
  expect(routed()).toBe(1);
  const again = await get(PLAN);
  expect(routed()).toBe(1);
  expect(again.status).toBe(200);
  expect(await again.text()).toBe(firstBody);
  expect(sameEverywhere(again)).toEqual(sameEverywhere(first));
  // The headers the app's own middleware sets are all there (compared above), for instance:
  expect(again.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  expect(again.headers.get("cross-origin-resource-policy")).toBe("same-origin");
  expect(again.headers.get("date")).toMatch(/GMT$/);
  const ids = [first, again].map((response) => response.headers.get("x-request-id"));
  expect(ids[1]).toMatch(/^[\w-]{16,}$/);
  expect(ids[1]).not.toBe(ids[0]);
  // A caller's own well-formed id is kept, a malformed one replaced, as by the app.
  expect((await get(PLAN, { "X-Request-Id": "trace-0042" })).headers.get("x-request-id")).toBe(
    "trace-0042",
  );
  const odd = (await get(PLAN, { "X-Request-Id": "no spaces" })).headers.get("x-request-id");
  expect(odd).toMatch(/^[\w-]{16,}$/);
  expect(routed()).toBe(1);
});

it("sends from memory the very bytes the app sent, in any script", async () => {
  const { store, get, routed } = await serve();
  const description = "Crème brûlée — 日本語 🎉";
  const plan = await addPlan(store, { description });
  const [first, again] = [
    await get(`/api/v1/plans/${plan.id}`),
    await get(`/api/v1/plans/${plan.id}`),
  ];
  expect(routed()).toBe(1);
  const bytes = Buffer.from(await again.arrayBuffer());
  expect(bytes.equals(Buffer.from(await first.arrayBuffer()))).toBe(true);
  expect(Number(again.headers.get("content-length"))).toBe(bytes.byteLength);
  expect(JSON.parse(bytes.toString("utf8")).plan.description).toBe(description);
});

it("leaves one log line per answer from memory, as the app does", async () => {
  const { get, lines } = await serve();
  await get(PLAN);
  const again = await get(PLAN);
  expect(lines).toHaveLength(2);
  expect(lines[1]).toMatchObject({
    msg: "request",
    req_id: again.headers.get("x-request-id"),
    method: "GET",
    path: PLAN,
    status: 200,
  });
  expect(Object.keys(lines[1]!).sort()).toEqual(Object.keys(lines[0]!).sort());
});

it("answers If-None-Match from memory with the app's own 304", async () => {
  const { get, routed } = await serve();
  const first = await get(PLAN);
  const etag = first.headers.get("etag")!;
  const revalidated = await get(PLAN, { "If-None-Match": etag });
  expect(revalidated.status).toBe(304);
  expect(routed()).toBe(2);
  for (const header of [etag, `W/${etag}`, `"other", ${etag}`, "*"]) {
    const again = await get(PLAN, { "If-None-Match": header });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(sameEverywhere(again)).toEqual(sameEverywhere(revalidated));
  }
  const stale = await get(PLAN, { "If-None-Match": '"other"' });
  expect(stale.status).toBe(200);
  expect(await stale.text()).toBe(await first.text());
  expect(routed()).toBe(2);
});

it("forgets a plan's answers after a payment for it, every answer after a catalogue change, none after a refused request or a quote", async () => {
  const { origin, store, get, routed } = await serve();
  const plan = await addPlan(store, { unlimited_stock: false, stock: 5 });
  const other = await addPlan(store);
  const read = async (id = plan.id) => (await (await get(`/api/v1/plans/${id}`)).json()).plan;
  const page = `/embed/checkout?planId=${plan.id}&origin=${encodeURIComponent(DEMO_ORIGIN)}`;
  const readAll = async () => {
    const [stock] = [(await read()).stock, await read(other.id), await get(page)];
    return stock;
  };
  expect(await readAll()).toBe(5);
  expect(routed()).toBe(3);
  expect(await readAll()).toBe(5);
  expect(routed()).toBe(3);

  // Refused (400), and a quote: nothing changed, nothing is read again.
  const refused = await fetch(`${origin}/api/v1/payments`, postJson({ plan_id: plan.id }));
  expect(refused.status).toBe(400);
  const quoted = await fetch(`${origin}/api/v1/plans/${plan.id}/quote`, postJson({}));
  expect(quoted.status).toBe(200);
  expect(await readAll()).toBe(5);
  expect(routed()).toBe(5);

  // A payment: its plan's read and page are made again, the other plan's read stays.
  const paid = await fetch(
    `${origin}/api/v1/payments`,
    postJson(purchase({ plan_id: plan.id }), { "Idempotency-Key": "public-answers" }),
  );
  expect(paid.status).toBe(201);
  expect(await readAll()).toBe(4);
  expect(routed()).toBe(8);

  // A change through the merchant API may touch any plan: everything is made again.
  const { key } = await createApiKey(store, DEMO.company, "test");
  const renamed = await fetch(`${origin}/api/v1/company`, {
    method: "PATCH",
    headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
    body: JSON.stringify({ title: "Renamed" }),
  });
  expect(renamed.status).toBe(200);
  expect((await read(other.id)).stock).toBe(other.stock);
  expect(await readAll()).toBe(4);
  expect(routed()).toBe(12);
});

it("keeps no answer read while a change was being made", async () => {
  const { origin, store, get } = await serve();
  const plan = await addPlan(store, { unlimited_stock: false, stock: 5 });
  const read = async () => (await (await get(`/api/v1/plans/${plan.id}`)).json()).plan;
  // The first read gets the plan from the database, then waits until a purchase is done.
  const original = store.getPlanView;
  let release = () => {};
  const purchased = new Promise<void>((done) => {
    release = done;
  });
  store.getPlanView = async (id) => {
    store.getPlanView = original;
    const view = await original(id);
    await purchased;
    return view;
  };
  const overlapping = read();
  await new Promise((resolve) => setTimeout(resolve, 50));
  const paid = await fetch(
    `${origin}/api/v1/payments`,
    postJson(purchase({ plan_id: plan.id }), { "Idempotency-Key": "overlap" }),
  );
  expect(paid.status).toBe(201);
  release();
  expect((await overlapping).stock).toBe(5);
  expect((await read()).stock).toBe(4);
  expect((await read()).stock).toBe(4);
});

it("reads the plan again once its view's time is up", async () => {
  const { store, get, routed, tick } = await serve();
  const plan = await addPlan(store);
  const price = async () => (await (await get(`/api/v1/plans/${plan.id}`)).json()).plan;
  expect((await price()).initial_price).toBe(1000);
  // Changed elsewhere (another instance, the CLI): seen once the view's time is up, not before.
  await store.upsertPlan({ ...plan, initial_price: 5100 });
  tick(PLAN_VIEW_TTL_MS - 1);
  expect((await price()).initial_price).toBe(1000);
  expect(routed()).toBe(1);
  tick(1);
  expect((await price()).initial_price).toBe(5100);
  expect(routed()).toBe(2);
  expect((await price()).initial_price).toBe(5100);
  expect(routed()).toBe(2);
});

it("leaves to the app what it cannot be sure of: unknown plans, HEAD, other spellings, API keys", async () => {
  const { get, origin, routed } = await serve({
    apiRequestsPerKey: { limit: 1, windowMs: 60_000 },
  });
  const plan = await get(PLAN);
  const body = await plan.text();
  let expected = 1;
  const viaApp = async (response: Promise<Response>) => {
    const answer = await response;
    expected++;
    expect(routed()).toBe(expected);
    return answer;
  };

  for (let i = 0; i < 2; i++) {
    const missing = await viaApp(get("/api/v1/plans/plan_Missing123"));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: {
        code: "plan_not_found",
        message: "No plan plan_Missing123 exists.",
        field: "id",
        request_id: missing.headers.get("x-request-id"),
      },
    });
  }

  const head = await viaApp(fetch(`${origin}${PLAN}`, { method: "HEAD" }));
  expect(head.status).toBe(200);
  expect(await head.text()).toBe("");
  expect(head.headers.get("etag")).toBe(plan.headers.get("etag"));
  expect(head.headers.get("content-security-policy")).toBe(
    plan.headers.get("content-security-policy"),
  );
  // ...and a HEAD changes nothing: the GET is still answered from memory.
  await get(PLAN);
  expect(routed()).toBe(expected);

  // Sent as written: a spelling of its own is never kept (it would take an entry of its own).
  for (let i = 0; i < 2; i++) {
    const other = await viaApp(rawGet(origin, PLAN.replace("plan_", "%70lan_")));
    expect(other.status).toBe(200);
    expect(await other.text()).toBe(body);
  }
  expect((await viaApp(get(`${PLAN}/`))).status).toBe(404);

  // A request with an API key is counted by the key's rate limit, its answer cached or not.
  const keyed = { Authorization: "Bearer sk_test_key" };
  expect((await viaApp(get(PLAN, keyed))).status).toBe(200);
  expect((await viaApp(get(PLAN, keyed))).status).toBe(429);
});

it("is what checkoutListener serves", async () => {
  const { store } = await createTestApp();
  const origin = await listen(
    checkoutListener({
      store,
      distDir: "dist",
      defaultFrameAncestors: [],
      rateLimits: GENEROUS_LIMITS,
      logger: createLogger(new Writable({ write: (_chunk, _encoding, done) => done() })),
      serverSecret: TEST_SERVER_SECRET,
    }),
  );
  const [first, again] = [await fetch(`${origin}${PLAN}`), await fetch(`${origin}${PLAN}`)];
  expect(again.status).toBe(200);
  expect(await again.text()).toBe(await first.text());
  expect(sameEverywhere(again)).toEqual(sameEverywhere(first));
});

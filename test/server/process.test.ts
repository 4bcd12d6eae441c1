/**
 * The platform as it runs: `src/server/main.ts` as a child process on a free loopback port with
 * a temporary database, driven over real HTTP (crash.test.ts kills it mid-load).
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO } from "../../src/server/seed.ts";
import { describeEachEngine } from "../support/engines.ts";
import { LIFTED_LIMITS, prepareDatabase } from "../support/prepared-database.ts";
import { type ServerProcess, spawnServer } from "../support/spawn-server.ts";
import { challengeCard, declineCard, successCard } from "../support/test-app.ts";

describeEachEngine("the real server over HTTP", (engine) => {
  let server: ServerProcess;
  let dir: string;
  let key: string;
  let limitedPlan: string;
  let waitlistPlan: string;
  let prepared: Awaited<ReturnType<typeof prepareDatabase>>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "platform-http-"));
    prepared = await prepareDatabase(engine, dir);
    ({ key, limitedPlan, waitlistPlan } = prepared);
    server = await spawnServer({ dir, env: { ...LIFTED_LIMITS, ...prepared.env } });
  }, 30_000);

  afterAll(async () => {
    await server?.stop();
    await prepared?.release();
    rmSync(dir, { recursive: true, force: true });
  });

  const api = (
    path: string,
    init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) =>
    fetch(`${server.checkoutOrigin}/api/v1${path}`, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers: {
        ...(init.body === undefined ? {} : { "Content-Type": "application/json" }),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const authed = (path: string, init: Parameters<typeof api>[1] = {}) =>
    api(path, { ...init, headers: { Authorization: `Bearer ${key}`, ...init.headers } });
  const buy = (body: Record<string, unknown>, idempotencyKey?: string) =>
    api("/payments", {
      body: { plan_id: DEMO.oneTimePlan, email: "buyer@example.com", card: successCard, ...body },
      headers: idempotencyKey ? { "Idempotency-Key": idempotencyKey } : {},
    });

  it("answers every public route, with its error paths", async () => {
    const cases: [string, Promise<Response>, number, string?][] = [
      ["plan", api(`/plans/${DEMO.oneTimePlan}`), 200],
      ["plan unknown", api("/plans/plan_Missing"), 404, "plan_not_found"],
      ["quote", api(`/plans/${DEMO.oneTimePlan}/quote`, { body: { promo_code: "LAUNCH20" } }), 200],
      [
        "quote expired",
        api(`/plans/${DEMO.oneTimePlan}/quote`, { body: { promo_code: "EXPIRED" } }),
        422,
        "promo_expired",
      ],
      [
        "quote unknown",
        api(`/plans/${DEMO.oneTimePlan}/quote`, { body: { promo_code: "NOPE" } }),
        404,
        "promo_not_found",
      ],
      ["pay", buy({}), 201],
      ["pay declined", buy({ card: declineCard }), 402, "card_declined"],
      ["pay bad email", buy({ email: "x" }), 400, "invalid_request"],
      ["pay challenge", buy({ card: challengeCard }), 202],
      [
        "entry",
        api("/entries", {
          body: { plan_id: waitlistPlan, email: "w@example.com", custom_fields: { handle: "w" } },
        }),
        201,
      ],
      [
        "entry missing field",
        api("/entries", { body: { plan_id: waitlistPlan, email: "v@example.com" } }),
        400,
        "custom_field_required",
      ],
      [
        "entry buy-now plan",
        api("/entries", { body: { plan_id: DEMO.oneTimePlan, email: "v@example.com" } }),
        422,
        "not_an_entry_plan",
      ],
      ["session", api(`/checkout_sessions/${DEMO.session}`), 200],
      ["session unknown", api("/checkout_sessions/ch_Missing"), 404, "session_not_found"],
      ["unknown route", api("/nothing"), 404, "not_found"],
    ];
    for (const [name, pending, status, code] of cases) {
      const response = await pending;
      expect(response.status, name).toBe(status);
      expect(response.headers.get("x-content-type-options"), name).toBe("nosniff");
      const body = await response.json();
      if (code) expect(body.error.code, name).toBe(code);
    }
    const challenged = await (await buy({ card: challengeCard, email: "c@example.com" })).json();
    const settled = await api(`/payments/${challenged.payment_id}/challenge`, {
      body: { outcome: "approve" },
    });
    expect(settled.status).toBe(201);
    const unknown = await api("/payments/pay_Missing/challenge", { body: { outcome: "approve" } });
    expect(unknown.status).toBe(404);
  });

  it("keeps its server secret owner-only beside the database, never inside it", async () => {
    expect((await buy({}, "secret-check")).status).toBe(201);
    const secretFile = join(dir, "server-secret");
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);
    const secret = readFileSync(secretFile, "utf8").trim();
    expect(secret).toMatch(/^[\da-f]{64}$/);
    if (engine.name === "sqlite") {
      for (const suffix of ["", "-wal"]) {
        const file = `${server.databasePath}${suffix}`;
        expect(statSync(file).mode & 0o777, file).toBe(0o600);
        expect(readFileSync(file, "latin1").includes(secret), file).toBe(false);
      }
      return;
    }
    // PostgreSQL: no column of any table holds it.
    const tables = await prepared.db.query(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()",
    );
    expect(tables.length).toBeGreaterThan(5);
    for (const { name } of tables) {
      const rows = await prepared.db.query(`SELECT * FROM "${name}"`);
      expect(JSON.stringify(rows).includes(secret), String(name)).toBe(false);
    }
  });

  it("answers every server API route for a key, and 401 without one", async () => {
    const session = await authed("/checkout_sessions", {
      body: { plan_id: DEMO.oneTimePlan, metadata: { order: "42" } },
    });
    expect(session.status).toBe(201);
    const sessionId = (await session.json()).session.id;
    const paid = await (await buy({ session_id: sessionId })).json();
    const product = await (
      await authed("/products", { body: { title: "HTTP", route: "http-product" } })
    ).json();
    const plan = await (
      await authed("/plans", {
        body: {
          product_id: product.product.id,
          plan_type: "one_time",
          base_currency: "usd",
          initial_price: 100,
        },
      })
    ).json();

    const cases: [string, Parameters<typeof api>[1], number][] = [
      [`/checkout_sessions/${sessionId}`, {}, 200],
      ["/payments", {}, 200],
      [`/payments/${paid.payment.id}`, {}, 200],
      [`/receipts/${paid.receipt.id}`, {}, 200],
      ["/memberships", {}, 200],
      [`/entries?plan_id=${waitlistPlan}`, {}, 200],
      ["/company", {}, 200],
      ["/company", { method: "PATCH", body: { redirect_url: "https://shop.example/done" } }, 200],
      ["/products", {}, 200],
      [
        `/products/${product.product.id}`,
        { method: "PATCH", body: { headline: "Now with HTTP" } },
        200,
      ],
      ["/plans", {}, 200],
      [`/plans/${plan.plan.id}`, { method: "PATCH", body: { initial_price: 200 } }, 200],
      ["/promo_codes", { body: { code: "HTTP5", percent_off: 5 } }, 201],
      ["/promo_codes", {}, 200],
      ["/webhook_endpoints", { body: { url: "https://hooks.example/in" } }, 201],
      ["/webhook_endpoints", {}, 200],
      ["/webhook_deliveries", {}, 200],
      ["/payments/pay_Missing", {}, 404],
      ["/receipts/r_Missing", {}, 404],
      ["/plans/plan_Missing", { method: "PATCH", body: { initial_price: 1 } }, 404],
      ["/webhook_deliveries/msg_Missing/replay", { method: "POST" }, 404],
      ["/entries", {}, 400],
    ];
    for (const [path, init, status] of cases) {
      const response = await authed(path, init);
      expect(response.status, `${init?.method ?? "GET"} ${path}`).toBe(status);
      const anonymous = await api(path, { ...init, headers: {} });
      if (!path.startsWith("/checkout_sessions")) {
        expect(anonymous.status, `anonymous ${path}`).toBe(401);
      }
    }
    const full = await (await authed(`/checkout_sessions/${sessionId}`)).json();
    expect(full.session.metadata).toEqual({ order: "42" });
  });

  it("turns 200 concurrent identical requests with one Idempotency-Key into exactly one payment", async () => {
    const email = "same-key@example.com";
    const responses = await Promise.all(
      Array.from({ length: 200 }, () => buy({ email }, "one-key-for-all")),
    );
    const bodies = await Promise.all(responses.map((response) => response.json()));
    expect(new Set(responses.map((response) => response.status))).toEqual(new Set([201]));
    expect(new Set(bodies.map((body) => body.payment.id)).size).toBe(1);
    const [row] = await prepared.db.query(
      "SELECT COUNT(*) AS n FROM payments WHERE idempotency_key = ?",
      ["one-key-for-all"],
    );
    expect(Number(row!.n)).toBe(1);
  }, 60_000);

  it("sells exactly 10 units to 50 concurrent buyers of a plan with stock 10", async () => {
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        buy({ plan_id: limitedPlan, email: `buyer${i}@example.com` }, `stock-${i}`),
      ),
    );
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(10);
    expect(statuses.filter((status) => status === 422)).toHaveLength(40);
    expect((await prepared.store.getPlanContext(limitedPlan))?.plan.stock).toBe(0);
    expect(await prepared.store.listCompanyPayments(null, { plan_id: limitedPlan })).toHaveLength(
      10,
    );
  }, 60_000);
});

describe("start-up", () => {
  it("refuses a bad setting with one prefixed line naming it, no stack trace", async () => {
    const failure = await spawnServer({ env: { CHECKOUT_PORT: "not-a-port" } }).then(
      () => null,
      (error: Error) => error.message,
    );
    expect(failure).toContain(
      '[whop-checkout] CHECKOUT_PORT must be a port number from 0 to 65535, got "not-a-port".',
    );
    expect(failure).toContain("server exited with 1");
    expect(failure).not.toMatch(/\n\s+at /);
  });
});

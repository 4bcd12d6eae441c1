import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { DEMO } from "../../../src/server/seed.ts";
import {
  challengeCard,
  createTestApp,
  declineCard,
  postJson,
  purchase,
} from "../../support/test-app.ts";

interface Documented {
  paths: Record<
    string,
    Record<
      string,
      { responses: Record<string, { content: { "application/json": { schema: object } } }> }
    >
  >;
  components: { schemas: Record<string, object> };
}

const honoPath = (path: string) => path.replace(/\{(\w+)\}/g, ":$1");

describe("the OpenAPI document", () => {
  it("lists exactly the /api/v1 routes the app serves", async () => {
    const { app } = await createTestApp();
    const document = (await (await app.request("/api/v1/openapi.json")).json()) as Documented;
    expect(document).toMatchObject({ openapi: "3.1.0", servers: [{ url: "/api/v1" }] });
    const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} /api/v1${honoPath(path)}`),
    );
    const served = app.routes
      .filter(({ method, path }) => method !== "ALL" && path.startsWith("/api/v1/"))
      .map(({ method, path }) => `${method} ${path}`)
      .filter((route) => !/\/(openapi\.json|docs)$/.test(route));
    expect(new Set(documented)).toEqual(new Set(served));
  });

  it("documents the status and the body of every route's real answers", async () => {
    const { app, store } = await createTestApp();
    const document = (await (await app.request("/api/v1/openapi.json")).json()) as Documented;
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    ajv.addSchema(document.components.schemas.Error as object, "#/components/schemas/Error");
    const { key } = await store.apiKeys.create(DEMO.company, "docs");
    const withKey = { Authorization: `Bearer ${key}` };
    const called = new Set<string>();

    /** Calls `url` as the documented `method path` and checks the answer against the document. */
    async function call(
      method: string,
      path: string,
      url: string,
      init: { body?: unknown; headers?: Record<string, string> } = {},
    ) {
      const response = await app.request(
        `/api/v1${url}`,
        init.body === undefined
          ? { method: method.toUpperCase(), headers: init.headers }
          : { ...postJson(init.body, init.headers), method: method.toUpperCase() },
      );
      const label = `${method} ${path} → ${response.status}`;
      const answers = document.paths[path]?.[method]?.responses;
      expect(answers, `${method} ${path} is documented`).toBeDefined();
      const answer = answers?.[String(response.status)];
      expect(answer, `${label} is documented`).toBeDefined();
      const body = await response.json();
      const schema = answer!.content["application/json"].schema;
      const valid = ajv.validate(
        "$ref" in schema ? { $ref: "#/components/schemas/Error" } : schema,
        body,
      );
      expect(ajv.errors ?? [], `${label}: ${JSON.stringify(body)}`).toEqual([]);
      expect(valid).toBe(true);
      called.add(`${method} ${path}`);
      return { status: response.status, body: body as unknown };
    }

    // Checkout routes.
    await call("get", "/plans/{id}", `/plans/${DEMO.oneTimePlan}`);
    await call("get", "/plans/{id}", "/plans/nope");
    await call("get", "/plans/{id}", "/plans/plan_Missing");
    await call("post", "/plans/{id}/quote", `/plans/${DEMO.monthlyPlan}/quote`, {
      body: { promo_code: DEMO.promoLaunch },
    });
    await call("post", "/plans/{id}/quote", `/plans/${DEMO.oneTimePlan}/quote`, {
      body: { promo_code: DEMO.promoExpired },
    });
    const paid = await call("post", "/payments", "/payments", {
      body: purchase(),
      headers: { "Idempotency-Key": "docs-1" },
    });
    expect(paid.status).toBe(201);
    const replayed = await call("post", "/payments", "/payments", {
      body: purchase(),
      headers: { "Idempotency-Key": "docs-1" },
    });
    expect(replayed.body).toEqual(paid.body);
    await call("post", "/payments", "/payments", { body: purchase({ card: declineCard }) });
    await call("post", "/payments", "/payments", { body: purchase({ email: "nope" }) });
    await call("post", "/payments", "/payments", { body: purchase({ plan_id: DEMO.soldOutPlan }) });
    const coaching = { plan_id: DEMO.coachingPlan, custom_fields: { discord: "docs#1" } };
    expect(
      (await call("post", "/payments", "/payments", { body: purchase(coaching) })).status,
    ).toBe(201);
    await call("post", "/payments", "/payments", {
      body: purchase({ ...coaching, custom_fields: { shoe: "44" } }),
    });
    const challenged = await call("post", "/payments", "/payments", {
      body: purchase({ card: challengeCard }),
    });
    expect(challenged.status).toBe(202);
    const paymentId = (challenged.body as { payment_id: string }).payment_id;
    const challenge = `/payments/${paymentId}/challenge`;
    await call("post", "/payments/{id}/challenge", challenge, { body: { outcome: "approve" } });
    await call("post", "/payments/{id}/challenge", challenge, { body: { outcome: "fail" } });
    const entry = {
      plan_id: DEMO.waitlistPlan,
      email: "wait@example.com",
      custom_fields: { discord: "wait#1" },
    };
    expect((await call("post", "/entries", "/entries", { body: entry })).status).toBe(201);
    expect((await call("post", "/entries", "/entries", { body: entry })).status).toBe(200);
    await call("post", "/entries", "/entries", { body: { ...entry, plan_id: DEMO.oneTimePlan } });
    await call("get", "/checkout_sessions/{id}", `/checkout_sessions/${DEMO.session}`);
    await call("get", "/checkout_sessions/{id}", `/checkout_sessions/${DEMO.session}`, {
      headers: withKey,
    });
    await call("get", "/checkout_sessions/{id}", "/checkout_sessions/ch_Missing");

    // Server API.
    await call("get", "/company", "/company");
    await call("get", "/company", "/company", { headers: { Authorization: "Bearer nope" } });
    await call("patch", "/company", "/company", { body: { title: "Acme" }, headers: withKey });
    await call("post", "/checkout_sessions", "/checkout_sessions", {
      body: { plan_id: DEMO.oneTimePlan, metadata: { order: "1" } },
      headers: withKey,
    });
    await call("get", "/payments", "/payments?limit=5", { headers: withKey });
    await call("get", "/payments", "/payments?limit=0", { headers: withKey });
    const { payment, receipt } = paid.body as { payment: { id: string }; receipt: { id: string } };
    await call("get", "/payments/{id}", `/payments/${payment.id}`, { headers: withKey });
    await call("get", "/receipts/{id}", `/receipts/${receipt.id}`, { headers: withKey });
    await call("get", "/receipts/{id}", "/receipts/r_Missing", { headers: withKey });
    await call("get", "/memberships", "/memberships", { headers: withKey });
    await call("get", "/entries", `/entries?plan_id=${DEMO.waitlistPlan}`, { headers: withKey });
    await call("get", "/products", "/products", { headers: withKey });
    const product = await call("post", "/products", "/products", {
      body: { title: "Docs", route: "docs-product" },
      headers: withKey,
    });
    const productId = (product.body as { product: { id: string } }).product.id;
    await call("post", "/products", "/products", {
      body: { title: "Again", route: "docs-product" },
      headers: withKey,
    });
    await call("get", "/products/{id}", `/products/${productId}`, { headers: withKey });
    await call("patch", "/products/{id}", `/products/${productId}`, {
      body: { headline: "New" },
      headers: withKey,
    });
    await call("get", "/plans", "/plans", { headers: withKey });
    const plan = await call("post", "/plans", "/plans", {
      body: {
        product_id: productId,
        plan_type: "one_time",
        base_currency: "usd",
        initial_price: 1,
      },
      headers: withKey,
    });
    const planId = (plan.body as { plan: { id: string } }).plan.id;
    await call("patch", "/plans/{id}", `/plans/${planId}`, {
      body: { initial_price: "ten" },
      headers: withKey,
    });
    await call("patch", "/plans/{id}", `/plans/${planId}`, {
      body: { initial_price: 500 },
      headers: withKey,
    });
    await call("get", "/promo_codes", "/promo_codes", { headers: withKey });
    await call("post", "/promo_codes", "/promo_codes", {
      body: { code: "DOCS5", percent_off: 5, plan_ids: [planId] },
      headers: withKey,
    });
    const created = await call("post", "/webhook_endpoints", "/webhook_endpoints", {
      body: { url: "https://hooks.example/in" },
      headers: withKey,
    });
    await call("get", "/webhook_endpoints", "/webhook_endpoints", { headers: withKey });
    const endpoint = `/webhook_endpoints/${(created.body as { webhook_endpoint: { id: string } }).webhook_endpoint.id}`;
    await call("get", "/webhook_endpoints/{id}", endpoint, { headers: withKey });
    await call("get", "/webhook_endpoints/{id}", "/webhook_endpoints/wh_missing", {
      headers: withKey,
    });
    await call("post", "/webhook_endpoints/{id}/reveal_secret", `${endpoint}/reveal_secret`, {
      headers: withKey,
    });
    await call("post", "/webhook_endpoints/{id}/rotate_secret", `${endpoint}/rotate_secret`, {
      headers: withKey,
    });
    await call("post", "/payments", "/payments", { body: purchase() });
    const deliveries = await call("get", "/webhook_deliveries", "/webhook_deliveries", {
      headers: withKey,
    });
    const [delivery] = (deliveries.body as { webhook_deliveries: { id: string }[] })
      .webhook_deliveries;
    expect(delivery).toBeDefined();
    const replay = `/webhook_deliveries/${delivery!.id}/replay`;
    await call("post", "/webhook_deliveries/{id}/replay", replay, { headers: withKey });
    await call("delete", "/webhook_endpoints/{id}", endpoint, { headers: withKey });

    const documented = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method} ${path}`),
    );
    expect([...called].sort()).toEqual(documented.sort());
  });

  it("shows custom field answers in the payment body and answers, and the receipt's email status", async () => {
    const { app } = await createTestApp();
    const document = (await (await app.request("/api/v1/openapi.json")).json()) as {
      paths: Record<string, Record<string, Record<string, unknown>>>;
    };
    const payments = document.paths["/payments"]!.post!;
    const body = JSON.stringify(payments.requestBody);
    expect(body).toContain('"custom_fields"');
    const paid = JSON.stringify((payments.responses as Record<string, unknown>)["201"]);
    expect(paid).toContain('"email_status"');
    expect(paid).toContain('"held"');
    const listed = JSON.stringify(document.paths["/payments"]!.get);
    expect(listed).toContain('"custom_fields"');
  });

  it("is rendered at /api/v1/docs without scripts, under a policy that allows none", async () => {
    const { app } = await createTestApp();
    const page = await app.request("/api/v1/docs");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const policy = page.headers.get("content-security-policy") ?? "";
    expect(policy).toContain("default-src 'none'");
    expect(policy).not.toMatch(/unsafe|script-src/);
    const html = await page.text();
    expect(html).not.toContain("<script");
    expect(html).toContain('<a href="/api/v1/openapi.json">');
    expect(html).toContain("<code>/payments/{id}/challenge</code>");
    expect(html).toContain("<code>card</code>: object");
  });
});

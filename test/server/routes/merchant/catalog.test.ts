import { describe, expect, it } from "vitest";
import { createApiKey, saveCompany } from "../../../../src/server/catalog.ts";
import { DEMO } from "../../../../src/server/seed.ts";
import { createTestApp, postJson } from "../../../support/test-app.ts";

/** A test app with an API key for the demo company and one for a stranger company. */

function setup(limits: Parameters<typeof createTestApp>[0] = {}) {
  const { app, store } = createTestApp(limits);
  const { key } = createApiKey(store, DEMO.company, "test");
  const stranger = saveCompany(store, { title: "Someone Else" });
  const { key: strangerKey } = createApiKey(store, stranger.id, "theirs");
  const call = (method: string, path: string, body?: unknown, apiKey = key) =>
    app.request(`/api/v1${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${apiKey}`,
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return { app, store, key, strangerKey, stranger, call };
}

describe("server API catalog and settings", () => {
  it("creates and updates products and plans, and sets redirect URL and allowed origins", async () => {
    const { app, call, strangerKey } = setup();
    const product = await call("POST", "/products", {
      title: "Course",
      route: "course",
      redirect_url: "https://shop.example/course-done",
    });
    expect(product.status).toBe(201);
    const { product: created } = await product.json();
    expect(created.id).toMatch(/^prod_/);
    expect(created.company_id).toBe(DEMO.company);

    const plan = await call("POST", "/plans", {
      product_id: created.id,
      plan_type: "renewal",
      base_currency: "EUR",
      initial_price: 1500,
      renewal_price: 1500,
      billing_period: 30,
    });
    expect(plan.status).toBe(201);
    const { plan: createdPlan } = await plan.json();
    expect(createdPlan).toMatchObject({ base_currency: "eur", unlimited_stock: true });
    const view = await app.request(`/api/v1/plans/${createdPlan.id}`);
    expect((await view.json()).product.title).toBe("Course");

    const patched = await call("PATCH", `/plans/${createdPlan.id}`, { initial_price: 999 });
    expect((await patched.json()).plan.initial_price).toBe(999);
    const renamed = await call("PATCH", `/products/${created.id}`, { title: "Course 2" });
    expect((await renamed.json()).product).toMatchObject({ title: "Course 2", route: "course" });

    const company = await call("PATCH", "/company", {
      redirect_url: "https://shop.example/thanks",
      allowed_origins: ["https://shop.example"],
    });
    expect((await company.json()).company).toMatchObject({
      id: DEMO.company,
      redirect_url: "https://shop.example/thanks",
      allowed_origins: ["https://shop.example"],
    });
    const shell = await app.request(`/embed/checkout?planId=${DEMO.oneTimePlan}`);
    expect(shell.headers.get("content-security-policy")).toContain(
      "frame-ancestors https://shop.example",
    );
    const listed = await (await call("GET", "/plans")).json();
    expect(listed.plans.map((p: { id: string }) => p.id)).toContain(createdPlan.id);
    expect((await (await call("GET", "/products")).json()).products).toHaveLength(2);

    expect(
      (await call("PATCH", `/plans/${createdPlan.id}`, { initial_price: 1 }, strangerKey)).status,
    ).toBe(403);
    expect((await call("GET", `/products/${created.id}`, undefined, strangerKey)).status).toBe(403);
    expect((await call("GET", "/products/prod_Missing")).status).toBe(404);
  });

  it("names the bad field of catalog input", async () => {
    const { call } = setup();
    const cases: [string, string, unknown, string][] = [
      ["PATCH", "/company", { allowed_origins: ["not an origin"] }, "allowed_origins.0"],
      ["PATCH", "/company", { redirect_url: "ftp://x.example" }, "redirect_url"],
      ["PATCH", "/company", { surprise: 1 }, "surprise"],
      ["POST", "/products", { title: "X", route: "Bad Route" }, "route"],
      ["POST", "/products", { title: "", route: "ok" }, "title"],
      [
        "POST",
        "/plans",
        { product_id: DEMO.product, plan_type: "renewal", base_currency: "usd", initial_price: 5 },
        "billing_period",
      ],
      [
        "POST",
        "/plans",
        {
          product_id: DEMO.product,
          plan_type: "one_time",
          base_currency: "usd",
          initial_price: -1,
        },
        "initial_price",
      ],
      ["POST", "/promo_codes", { code: "X", percent_off: 10, amount_off: 5 }, "percent_off"],
      ["POST", "/promo_codes", { code: "X", amount_off: 5 }, "currency"],
      ["POST", "/promo_codes", { code: "X", percent_off: 101 }, "percent_off"],
      ["POST", "/webhook_endpoints", { url: "not a url" }, "url"],
      ["POST", "/webhook_endpoints", { url: "https://x.example", events: ["nope"] }, "events.0"],
    ];
    for (const [method, path, body, field] of cases) {
      const response = await call(method, path, body);
      expect(response.status, `${path} ${field}`).toBe(400);
      expect((await response.json()).error.field, `${path} ${field}`).toBe(field);
    }
    const taken = await call("POST", "/products", { title: "Dup", route: "pro-trading" });
    expect(taken.status).toBe(409);
    expect((await taken.json()).error.code).toBe("route_taken");
  });

  it("creates promo codes and webhook endpoints (with their signing secret)", async () => {
    const { app, call } = setup();
    const promo = await call("POST", "/promo_codes", {
      code: "vip5",
      amount_off: 500,
      currency: "usd",
      plan_ids: [DEMO.oneTimePlan],
      max_redemptions: 3,
    });
    expect(promo.status).toBe(201);
    expect((await promo.json()).promo_code).toMatchObject({ code: "VIP5", redemptions: 0 });
    const quote = await app.request(
      `/api/v1/plans/${DEMO.oneTimePlan}/quote`,
      postJson({ promo_code: "vip5" }),
    );
    expect((await quote.json()).total).toBe(4400);
    const strangerPlan = await call("POST", "/promo_codes", {
      code: "Y",
      percent_off: 5,
      plan_ids: ["plan_Missing"],
    });
    expect(strangerPlan.status).toBe(404);

    const endpoint = await call("POST", "/webhook_endpoints", {
      url: "https://hooks.example/in",
      events: ["payment.succeeded"],
    });
    expect(endpoint.status).toBe(201);
    expect((await endpoint.json()).webhook_endpoint.secret).toMatch(/^whsec_/);
    const codes = await (await call("GET", "/promo_codes")).json();
    expect(codes.promo_codes.map((p: { code: string }) => p.code)).toContain("VIP5");
  });
});

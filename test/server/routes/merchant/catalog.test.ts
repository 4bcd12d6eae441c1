import { expect, it } from "vitest";
import { DEMO } from "../../../../src/server/seed.ts";
import { describeEachEngine } from "../../../support/engines.ts";
import { merchantApps, postJson } from "../../../support/test-app.ts";

describeEachEngine("server API catalog and settings", (engine) => {
  const setup = merchantApps(engine);
  it("creates and updates products and plans, and sets redirect URL and allowed origins", async () => {
    const { app, call, strangerKey } = await setup();
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
    const { call } = await setup();
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
    for (const reserved of ["constructor", "__proto__", "prototype"]) {
      const plan = await call("POST", "/plans", {
        product_id: DEMO.product,
        plan_type: "one_time",
        base_currency: "usd",
        initial_price: 100,
        release_method: "waitlist",
        custom_fields: [{ id: reserved, name: "Reserved" }],
      });
      expect(plan.status, reserved).toBe(400);
      expect((await plan.json()).error, reserved).toMatchObject({
        field: "custom_fields.0.id",
        message: "custom field ids may not be __proto__, constructor or prototype.",
      });
    }
    const taken = await call("POST", "/products", { title: "Dup", route: "pro-trading" });
    expect(taken.status).toBe(409);
    expect((await taken.json()).error.code).toBe("route_taken");
  });

  it("creates promo codes and webhook endpoints (with their signing secret)", async () => {
    const { app, call } = await setup();
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

describeEachEngine("webhook targets", (engine) => {
  const setup = merchantApps(engine);
  const refused = async (response: Response) => {
    expect(response.status).toBe(400);
    const { error } = await response.json();
    expect(error.field).toBe("url");
    return error.message as string;
  };

  it.each([
    "http://127.0.0.1:4100/api/v1/plans",
    "http://169.254.169.254/latest/meta-data/",
    "http://0.0.0.0:22/",
    "http://[::1]:8080/",
    "https://10.0.0.7/hooks",
    "http://192.168.1.1/",
  ])(
    "refuses a private, loopback, link-local or unspecified target by default: %s",
    async (url) => {
      const { call, store } = await setup();
      expect(await refused(await call("POST", "/webhook_endpoints", { url }))).toMatch(
        /^url must reach a public address; .* is private, loopback or reserved\.$/,
      );
      expect(await store.webhooks.listEndpoints(DEMO.company)).toEqual([]);
    },
  );

  it("refuses a name resolving to loopback", async () => {
    const { call } = await setup();
    expect(
      await refused(await call("POST", "/webhook_endpoints", { url: "http://localhost:9/x" })),
    ).toMatch(/^url must reach a public address; localhost resolves to /);
  });

  it("accepts loopback targets only when private targets are allowed, never the platform itself", async () => {
    const { call } = await setup({}, { allowPrivateWebhookTargets: true });
    const local = await call("POST", "/webhook_endpoints", { url: "http://127.0.0.1:9/hooks" });
    expect(local.status).toBe(201);
    // app.request() addresses the platform as http://localhost.
    expect(
      await refused(
        await call("POST", "/webhook_endpoints", { url: "http://localhost/api/v1/plans" }),
      ),
    ).toBe("url must not be the platform's own origin (http://localhost).");
  });
});

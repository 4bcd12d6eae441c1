import { describe, expect, it } from "vitest";
import { createApiKey } from "../../../src/server/catalog.ts";
import { DEMO } from "../../../src/server/seed.ts";
import { createTestApp } from "../../support/test-app.ts";

/** Every route that reads a JSON body, with a path it answers on. */
const BODY_ROUTES: [method: string, path: string][] = [
  ["PATCH", "/company"],
  ["POST", "/products"],
  ["PATCH", `/products/${DEMO.product}`],
  ["POST", "/plans"],
  ["PATCH", `/plans/${DEMO.oneTimePlan}`],
  ["POST", "/promo_codes"],
  ["POST", "/webhook_endpoints"],
  ["POST", "/checkout_sessions"],
  ["POST", "/payments"],
  ["POST", "/payments/pay_Missing1/challenge"],
  ["POST", "/entries"],
  ["POST", `/plans/${DEMO.oneTimePlan}/quote`],
];

async function setup() {
  const { app, store } = await createTestApp();
  const { key } = await createApiKey(store, DEMO.company, "test");
  const send = (method: string, path: string, body: string) =>
    app.request(`/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
      body,
    });
  return { store, send };
}

describe("JSON bodies", () => {
  it.each(BODY_ROUTES)("%s %s refuses a body that is not a JSON object", async (method, path) => {
    const { send } = await setup();
    for (const body of ["[]", '[{"title":"x"}]', "null", "42", '"text"']) {
      const response = await send(method, path, body);
      expect(response.status, body).toBe(400);
      expect((await response.json()).error, body).toEqual({
        code: "invalid_request",
        message: "The body must be a JSON object.",
        request_id: expect.any(String),
      });
    }
  });

  it.each(BODY_ROUTES)(
    "%s %s refuses __proto__, constructor and prototype keys, naming them",
    async (method, path) => {
      const { send } = await setup();
      for (const key of ["__proto__", "constructor", "prototype"]) {
        const response = await send(method, path, `{"${key}":{"title":"Polluted"}}`);
        expect(response.status, key).toBe(400);
        expect((await response.json()).error, key).toEqual({
          code: "invalid_request",
          message: `${key} is not accepted as a key (__proto__, constructor and prototype never are).`,
          field: key,
          request_id: expect.any(String),
        });
      }
    },
  );

  it("names a reserved key nested in the body by its path", async () => {
    const { send } = await setup();
    const session = await send(
      "POST",
      "/checkout_sessions",
      `{"plan_id":"${DEMO.oneTimePlan}","metadata":{"order":"1","constructor":"x"}}`,
    );
    expect((await session.json()).error.field).toBe("metadata.constructor");
    const payment = await send(
      "POST",
      "/payments",
      `{"plan_id":"${DEMO.oneTimePlan}","card":{"__proto__":{"number":"4242424242424242"}}}`,
    );
    expect((await payment.json()).error.field).toBe("card.__proto__");
    const plan = await send(
      "PATCH",
      `/plans/${DEMO.oneTimePlan}`,
      '{"custom_fields":[{"id":"a","name":"A","__proto__":{"required":true}}]}',
    );
    expect((await plan.json()).error.field).toBe("custom_fields.0.__proto__");
  });

  it("leaves the company and plan unchanged by a refused PATCH", async () => {
    const { store, send } = await setup();
    const snapshot = async () => [
      await store.getCompany(DEMO.company),
      (await store.getPlanContext(DEMO.oneTimePlan))?.plan,
    ];
    const before = await snapshot();
    await send("PATCH", "/company", '[{"title":"Array"}]');
    await send("PATCH", "/company", '{"__proto__":{"title":"Polluted"}}');
    await send("PATCH", `/plans/${DEMO.oneTimePlan}`, '{"constructor":{"initial_price":1}}');
    expect(await snapshot()).toEqual(before);
  });
});

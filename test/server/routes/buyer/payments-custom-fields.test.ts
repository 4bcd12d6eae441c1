import { expect, it } from "vitest";
import { DEMO } from "../../../../src/server/seed.ts";
import { describeEachEngine } from "../../../support/engines.ts";
import {
  countRows,
  merchantApps,
  postJson,
  purchase,
  successCard,
} from "../../../support/test-app.ts";

/** A purchase of the demo coaching plan: a required `discord` and an optional `topic` field. */
const coaching = (customFields?: unknown, overrides: Record<string, unknown> = {}) =>
  purchase({
    plan_id: DEMO.coachingPlan,
    ...(customFields === undefined ? {} : { custom_fields: customFields }),
    ...overrides,
  });

describeEachEngine("custom fields on a paid plan", (engine) => {
  const createTestApp = merchantApps(engine);

  it("stores the answers with the payment, in the payments API and the payment webhook", async () => {
    const { app, db, call, store } = await createTestApp();
    // An event is written only for an endpoint that will receive it.
    await store.webhooks.addEndpoint({ company_id: DEMO.company, url: "https://hooks.test/in" });
    const response = await app.request(
      "/api/v1/payments",
      postJson(coaching({ discord: "  trader#1234 ", topic: "" })),
    );
    expect(response.status).toBe(201);
    const { payment } = await response.json();
    // Trimmed; an empty optional answer is not kept.
    const answers = { discord: "trader#1234" };
    const [row] = await db.query("SELECT custom_fields FROM payments WHERE id = ?", [payment.id]);
    expect(JSON.parse(row!.custom_fields as string)).toEqual(answers);

    const one = await (await call("GET", `/payments/${payment.id}`)).json();
    expect(one.payment.custom_fields).toEqual(answers);
    const listed = await (await call("GET", `/payments?plan_id=${DEMO.coachingPlan}`)).json();
    expect(listed.payments[0].custom_fields).toEqual(answers);

    const [event] = await db.query("SELECT payload FROM webhook_events WHERE type = ?", [
      "payment.succeeded",
    ]);
    expect(JSON.parse(event!.payload as string).data).toMatchObject({
      id: payment.id,
      custom_fields: answers,
    });
  });

  it("refuses a missing required answer, naming the field, before anything is charged", async () => {
    const { app, db } = await createTestApp();
    for (const customFields of [undefined, {}, { discord: "   " }, { topic: "Options" }]) {
      const response = await app.request("/api/v1/payments", postJson(coaching(customFields)));
      expect(response.status).toBe(400);
      expect((await response.json()).error).toMatchObject({
        code: "custom_field_required",
        field: "custom_fields.discord",
        message: "Discord username is required.",
      });
    }
    for (const table of ["payments", "receipts", "receipt_emails", "webhook_events"]) {
      expect(await countRows(db, table), table).toBe(0);
    }
  });

  it("refuses unknown fields, answers that are not text and answers that are too long", async () => {
    const { app, db } = await createTestApp();
    const refused = async (customFields: unknown, planId: string = DEMO.coachingPlan) => {
      const response = await app.request(
        "/api/v1/payments",
        postJson(coaching(customFields, { plan_id: planId })),
      );
      expect(response.status).toBe(400);
      return (await response.json()).error;
    };
    expect(await refused({ discord: "x", shoe_size: "44" })).toMatchObject({
      code: "unknown_custom_field",
      field: "custom_fields.shoe_size",
    });
    // A plan without custom fields takes none.
    expect(await refused({ discord: "x" }, DEMO.oneTimePlan)).toMatchObject({
      code: "unknown_custom_field",
      field: "custom_fields.discord",
    });
    expect(await refused({ discord: 42 })).toMatchObject({
      code: "invalid_request",
      field: "custom_fields.discord",
      message: "custom field answers must be strings.",
    });
    expect(await refused({ discord: "x".repeat(1001) })).toMatchObject({
      code: "invalid_request",
      field: "custom_fields.discord",
      message: "custom field answers must be at most 1000 characters.",
    });
    // A list is no answer sheet: its first item is refused by its index.
    expect((await refused(["trader#1234"])).field).toBe("custom_fields.0");
    expect(await countRows(db, "payments")).toBe(0);
  });

  it("keeps no answers for a plan without custom fields", async () => {
    const { app, call } = await createTestApp();
    const { payment } = await (await app.request("/api/v1/payments", postJson(purchase()))).json();
    expect((await (await call("GET", `/payments/${payment.id}`)).json()).payment).toMatchObject({
      custom_fields: {},
    });
  });

  it("takes other answers under the same Idempotency-Key as another request", async () => {
    const { app } = await createTestApp();
    const key = { "Idempotency-Key": "coaching-1" };
    const first = await app.request(
      "/api/v1/payments",
      postJson(coaching({ discord: "one" }), key),
    );
    expect(first.status).toBe(201);
    const again = await app.request(
      "/api/v1/payments",
      postJson(coaching({ discord: "one" }), key),
    );
    expect((await again.json()).payment.id).toBe((await first.json()).payment.id);
    const other = await app.request(
      "/api/v1/payments",
      postJson(coaching({ discord: "two" }, { card: successCard }), key),
    );
    expect(other.status).toBe(409);
  });
});

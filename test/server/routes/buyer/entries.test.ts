import { describe, expect, it } from "vitest";
import { DEMO } from "../../../../src/server/seed.ts";
import { addPlan, createTestApp, postJson } from "../../../support/test-app.ts";

describe("POST /api/v1/entries", () => {
  const waitlist = (store: ReturnType<typeof createTestApp>["store"], kind = "waitlist") =>
    addPlan(store, {
      release_method: kind as "waitlist",
      custom_fields: [
        {
          id: "discord",
          field_type: "text",
          name: "Discord username",
          placeholder: null,
          required: true,
          order: 1,
        },
        {
          id: "why",
          field_type: "text",
          name: "Why join?",
          placeholder: null,
          required: false,
          order: 2,
        },
      ],
    });

  it("creates an entry with the custom-field answers and queues its webhook", async () => {
    const { app, store } = createTestApp();
    store.webhooks.addEndpoint({ company_id: DEMO.company, url: "http://127.0.0.1:9/hook" });
    const plan = waitlist(store);
    const response = await app.request(
      "/api/v1/entries",
      postJson({ plan_id: plan.id, email: "Fan@Example.com", custom_fields: { discord: "fan#1" } }),
    );
    expect(response.status).toBe(201);
    const { entry } = await response.json();
    expect(entry).toMatchObject({ plan_id: plan.id, kind: "waitlist", email: "fan@example.com" });
    expect(entry.id).toMatch(/^entry_/);
    expect(store.entries.list(plan.id)[0]?.custom_fields).toEqual({ discord: "fan#1" });
    expect(store.webhooks.listDeliveries().map((d) => d.event_type)).toEqual([
      "waitlist.entry_created",
    ]);
  });

  it("returns the existing entry with 200 when the same email joins again", async () => {
    const { app, store } = createTestApp();
    const plan = waitlist(store, "raffle");
    const join = (email: string) =>
      app.request(
        "/api/v1/entries",
        postJson({ plan_id: plan.id, email, custom_fields: { discord: "x" } }),
      );
    const first = await join("fan@example.com");
    expect(first.status).toBe(201);
    const firstEntry = (await first.json()).entry;
    expect(firstEntry.kind).toBe("raffle");
    const again = await join("FAN@example.com");
    expect(again.status).toBe(200);
    expect((await again.json()).entry).toEqual(firstEntry);
    expect(store.entries.list(plan.id)).toHaveLength(1);
  });

  it("names a missing required answer or an unknown field as custom_fields.<id>", async () => {
    const { app, store } = createTestApp();
    const plan = waitlist(store);
    const cases: [unknown, string, string][] = [
      [{}, "custom_fields.discord", "custom_field_required"],
      [{ discord: "   " }, "custom_fields.discord", "custom_field_required"],
      [{ discord: "a", shoe_size: "9" }, "custom_fields.shoe_size", "unknown_custom_field"],
      [{ discord: 5 }, "custom_fields.discord", "invalid_request"],
    ];
    for (const [answers, field, code] of cases) {
      const response = await app.request(
        "/api/v1/entries",
        postJson({ plan_id: plan.id, email: "fan@example.com", custom_fields: answers }),
      );
      expect(response.status, field).toBe(400);
      const { error } = await response.json();
      expect(error).toMatchObject({ field, code });
    }
    const required = await app.request(
      "/api/v1/entries",
      postJson({ plan_id: plan.id, email: "fan@example.com" }),
    );
    expect((await required.json()).error.message).toBe("Discord username is required.");
    expect(store.entries.list(plan.id)).toEqual([]);
  });

  it("refuses buy-now plans with 422 and unknown plans with 404", async () => {
    const { app } = createTestApp();
    const buyNow = await app.request(
      "/api/v1/entries",
      postJson({ plan_id: DEMO.oneTimePlan, email: "fan@example.com" }),
    );
    expect(buyNow.status).toBe(422);
    expect((await buyNow.json()).error).toMatchObject({
      code: "not_an_entry_plan",
      field: "plan_id",
    });
    const unknown = await app.request(
      "/api/v1/entries",
      postJson({ plan_id: "plan_Missing", email: "fan@example.com" }),
    );
    expect(unknown.status).toBe(404);
    const badEmail = await app.request(
      "/api/v1/entries",
      postJson({ plan_id: DEMO.oneTimePlan, email: "nope" }),
    );
    expect((await badEmail.json()).error.field).toBe("email");
  });

  it("checks the session against the plan", async () => {
    const { app, store } = createTestApp();
    const plan = waitlist(store);
    const response = await app.request(
      "/api/v1/entries",
      postJson({
        plan_id: plan.id,
        session_id: DEMO.session,
        email: "fan@example.com",
        custom_fields: { discord: "x" },
      }),
    );
    expect(response.status).toBe(422);
    expect((await response.json()).error.code).toBe("session_plan_mismatch");
  });
});

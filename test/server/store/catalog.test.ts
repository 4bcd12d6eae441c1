import { afterEach, describe, expect, it } from "vitest";
import type { SqliteStore } from "../../../src/server/store/sqlite.ts";
import { addPlan, openTestStore } from "./helpers.ts";

describe("catalog repository", () => {
  let store: SqliteStore;
  afterEach(() => store?.close());

  it("reads back what it stores, JSON columns included", () => {
    const opened = openTestStore();
    store = opened.store;
    const plan = addPlan(store, opened.product.id, {
      custom_fields: [
        {
          id: "discord",
          field_type: "text",
          name: "Discord",
          placeholder: null,
          required: false,
          order: 0,
        },
      ],
    });
    expect(store.getCompany(opened.company.id)?.allowed_origins).toEqual(["https://shop.example"]);
    expect(store.getPlanContext(plan.id)).toEqual({
      plan,
      product: opened.product,
      company: opened.company,
    });
    expect(plan.custom_fields).toHaveLength(1);
    expect(store.listPlans(opened.company.id)).toEqual([plan]);
    expect(store.listProducts(opened.company.id)).toEqual([opened.product]);
    expect(store.getPlanContext("plan_missing")).toBeNull();
  });

  it("updates a record in place when upserted with its id", () => {
    const opened = openTestStore();
    store = opened.store;
    const plan = addPlan(store, opened.product.id);
    const updated = store.upsertPlan({ ...plan, initial_price: 2500, unlimited_stock: true });
    expect(updated).toMatchObject({ id: plan.id, initial_price: 2500, unlimited_stock: true });
    expect(store.listPlans(opened.company.id)).toHaveLength(1);
  });

  it("gives buyers a plan view without the merchant's settings", () => {
    const opened = openTestStore();
    store = opened.store;
    const plan = addPlan(store, opened.product.id);
    const view = store.getPlanView(plan.id)!;
    expect(view.company).toEqual({ id: opened.company.id, title: "Acme" });
    expect(view.plan).not.toHaveProperty("product_id");
    expect(view.product).not.toHaveProperty("redirect_url");
    expect(view.product).not.toHaveProperty("visibility");
  });

  it("tells whether another product already uses a route", () => {
    const opened = openTestStore();
    store = opened.store;
    expect(store.isRouteTaken("course", null)).toBe(true);
    expect(store.isRouteTaken("course", opened.product.id)).toBe(false);
    expect(store.isRouteTaken("other", null)).toBe(false);
  });

  it("keeps a session's metadata and redirect", () => {
    const opened = openTestStore();
    store = opened.store;
    const plan = addPlan(store, opened.product.id);
    const session = store.createSession({
      plan_id: plan.id,
      metadata: { order: 42, tags: ["a"] },
      redirect_url: "https://shop.example/done",
      expires_at: "2099-01-01T00:00:00.000Z",
    });
    expect(store.getSession(session.id)).toEqual(session);
    expect(session).toMatchObject({
      metadata: { order: 42, tags: ["a"] },
      redirect_url: "https://shop.example/done",
    });
    expect(store.createSession({ plan_id: plan.id, expires_at: session.expires_at })).toMatchObject(
      { metadata: {}, redirect_url: null },
    );
    expect(store.getSession("ch_missing")).toBeNull();
  });

  it("reads a JSON column edited into nonsense as empty instead of failing", () => {
    const opened = openTestStore();
    store = opened.store;
    store.db
      .prepare("UPDATE companies SET allowed_origins = ? WHERE id = ?")
      .run("not json", opened.company.id);
    expect(store.getCompany(opened.company.id)?.allowed_origins).toEqual([]);
  });
});

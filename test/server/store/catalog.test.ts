import { afterEach, expect, it } from "vitest";
import { describeEachEngine, type TestDatabase } from "../../support/engines.ts";
import { addPlan, openTestStore } from "./helpers.ts";

describeEachEngine("catalog repository", (engine) => {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });
  const open = async () => {
    const opened = await openTestStore(engine);
    db = opened.db;
    return opened;
  };

  it("reads back what it stores, JSON columns included", async () => {
    const { store, company, product } = await open();
    const plan = await addPlan(store, product.id, {
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
    expect((await store.getCompany(company.id))?.allowed_origins).toEqual(["https://shop.example"]);
    expect(await store.getPlanContext(plan.id)).toEqual({ plan, product, company });
    expect(plan.custom_fields).toHaveLength(1);
    expect(await store.listPlans(company.id)).toEqual([plan]);
    expect(await store.listProducts(company.id)).toEqual([product]);
    expect(await store.getPlanContext("plan_missing")).toBeNull();
  });

  it("updates a record in place when upserted with its id", async () => {
    const { store, company, product } = await open();
    const plan = await addPlan(store, product.id);
    const updated = await store.upsertPlan({ ...plan, initial_price: 2500, unlimited_stock: true });
    expect(updated).toMatchObject({ id: plan.id, initial_price: 2500, unlimited_stock: true });
    expect(await store.listPlans(company.id)).toHaveLength(1);
  });

  it("gives buyers a plan view without the merchant's settings", async () => {
    const { store, company, product } = await open();
    const plan = await addPlan(store, product.id);
    const view = (await store.getPlanView(plan.id))!;
    expect(view.company).toEqual({ id: company.id, title: "Acme" });
    expect(view.plan).not.toHaveProperty("product_id");
    expect(view.product).not.toHaveProperty("redirect_url");
    expect(view.product).not.toHaveProperty("visibility");
  });

  it("tells whether another product already uses a route", async () => {
    const { store, product } = await open();
    expect(await store.isRouteTaken("course", null)).toBe(true);
    expect(await store.isRouteTaken("course", product.id)).toBe(false);
    expect(await store.isRouteTaken("other", null)).toBe(false);
  });

  it("keeps a session's metadata and redirect", async () => {
    const { store, product } = await open();
    const plan = await addPlan(store, product.id);
    const session = await store.createSession({
      plan_id: plan.id,
      metadata: { order: 42, tags: ["a"] },
      redirect_url: "https://shop.example/done",
      expires_at: "2099-01-01T00:00:00.000Z",
    });
    expect(await store.getSession(session.id)).toEqual(session);
    expect(session).toMatchObject({
      metadata: { order: 42, tags: ["a"] },
      redirect_url: "https://shop.example/done",
    });
    expect(session.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(
      await store.createSession({ plan_id: plan.id, expires_at: session.expires_at }),
    ).toMatchObject({ metadata: {}, redirect_url: null });
    expect(await store.getSession("ch_missing")).toBeNull();
  });

  it("reads a JSON column edited into nonsense as empty instead of failing", async () => {
    const { store, company } = await open();
    await db!.query("UPDATE companies SET allowed_origins = ? WHERE id = ?", [
      "not json",
      company.id,
    ]);
    expect((await store.getCompany(company.id))?.allowed_origins).toEqual([]);
  });
});

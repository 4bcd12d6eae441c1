import { afterEach, expect, it } from "vitest";
import { describeEachEngine, type TestDatabase } from "../../support/engines.ts";
import { addPlan, openTestStore } from "./helpers.ts";

describeEachEngine("promo codes and waitlist entries", (engine) => {
  let db: TestDatabase;
  afterEach(() => db?.close());

  it("matches promo codes in any case and keeps one entry per email and plan", async () => {
    const opened = await openTestStore(engine);
    db = opened.db;
    const { store, company, product } = opened;
    const promo = await store.promos.upsert({
      company_id: company.id,
      code: "spring",
      percent_off: null,
      amount_off: 500,
      currency: "usd",
      plan_ids: [],
      expires_at: null,
      max_redemptions: null,
    });
    expect(await store.promos.find(company.id, " Spring ")).toEqual(promo);
    expect(await store.promos.list(company.id)).toEqual([promo]);
    const plan = await addPlan(store, product.id, {
      release_method: "waitlist",
      initial_price: 0,
      unlimited_stock: true,
      stock: 0,
    });
    const entry = { plan_id: plan.id, session_id: null, kind: "waitlist" as const };
    const first = await store.entries.create({ ...entry, email: "A@x.test", custom_fields: {} });
    const again = await store.entries.create({
      ...entry,
      email: "a@x.test",
      custom_fields: { x: "1" },
    });
    expect(first).toMatchObject({ created: true, entry: { email: "a@x.test", status: "pending" } });
    expect(again).toEqual({ entry: first.entry, created: false });
    expect(await store.entries.list(plan.id)).toEqual([first.entry]);
  });
});

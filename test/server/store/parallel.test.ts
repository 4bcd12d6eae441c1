/**
 * Real parallelism on PostgreSQL: two stores, each with its own connection pool (as two
 * instances of the server would have), race on one database.
 */
import { afterEach, expect, it } from "vitest";
import type { Store } from "../../../src/server/store/interface.ts";
import { openStore } from "../../../src/server/store/open.ts";
import { describePostgres } from "../../support/engines.ts";
import { addPlan, newPayment } from "./helpers.ts";

describePostgres("concurrent instances", (engine) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** A database with one company and product, and two stores ("instances") on it. */
  async function twoInstances() {
    const { target, drop } = await engine.fresh();
    const first = await openStore(target);
    const second = await openStore(target);
    cleanups.push(
      drop,
      () => first.close(),
      () => second.close(),
    );
    const seeded = await openTestStoreOn(first);
    return { first, second, ...seeded };
  }

  async function openTestStoreOn(store: Store) {
    const company = await store.upsertCompany({
      title: "Acme",
      redirect_url: null,
      allowed_origins: [],
    });
    const product = await store.upsertProduct({
      company_id: company.id,
      title: "Course",
      headline: null,
      description: null,
      logo_url: null,
      route: "course",
      redirect_url: null,
      terms_url: null,
      visibility: "visible",
    });
    return { company, product };
  }

  it("sells exactly 10 to 50 buyers racing for a stock of 10", async () => {
    const { first, second, company, product } = await twoInstances();
    const plan = await addPlan(first, product.id, { stock: 10 });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        (index % 2 ? first : second).recordPayment(newPayment({ plan, product, company })),
      ),
    );
    expect(results.filter((result) => result.ok === true)).toHaveLength(10);
    expect(results.filter((result) => result.ok === false)).toHaveLength(40);
    expect((await first.getPlanContext(plan.id))?.plan.stock).toBe(0);
    expect(await second.listCompanyPayments(company.id)).toHaveLength(10);
  });

  it("charges once for 200 concurrent payments with one idempotency key", async () => {
    const { first, second, company, product } = await twoInstances();
    const plan = await addPlan(first, product.id, { stock: 1000 });
    const request = (store: Store) =>
      store.transaction(async (tx) => {
        const stored = await tx.getStoredResponse(company.id, "one-key");
        if (stored) return stored.response;
        const result = await tx.recordPayment(newPayment({ plan, product, company }));
        await tx.storeResponse(company.id, "one-key", {
          request_hash: "h",
          status_code: 201,
          response: result,
          created_at: new Date().toISOString(),
        });
        return result;
      });
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, index) => request(index % 2 ? first : second)),
    );
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
    expect(await first.listCompanyPayments(company.id)).toHaveLength(1);
    expect((await second.getPlanContext(plan.id))?.plan.stock).toBe(999);
  });

  it("never hands one due delivery to two claimers", async () => {
    const { first, second, company } = await twoInstances();
    await first.webhooks.addEndpoint({ company_id: company.id, url: "https://a.example/in" });
    await first.webhooks.addEndpoint({ company_id: company.id, url: "https://b.example/in" });
    const now = Date.now();
    for (let index = 0; index < 60; index++) {
      await first.webhooks.enqueue(company.id, "payment.succeeded", { index }, now);
    }
    const claimed: string[][] = [[], []];
    await Promise.all(
      [first, second].map(async (store, which) => {
        for (;;) {
          const batch = await store.webhooks.claimDue(7, 60_000, now);
          if (batch.length === 0) return;
          claimed[which]!.push(...batch.map((delivery) => delivery.id));
        }
      }),
    );
    const all = [...claimed[0]!, ...claimed[1]!];
    expect(all).toHaveLength(120);
    expect(new Set(all).size).toBe(120);
    // Both claimed some; while the leases last, nothing is due again.
    expect(claimed[0]!.length).toBeGreaterThan(0);
    expect(claimed[1]!.length).toBeGreaterThan(0);
    expect(await second.webhooks.claimDue(10, 60_000, now + 1000)).toEqual([]);
    // A lease that lapses (its instance died) hands the delivery out again.
    expect(await second.webhooks.claimDue(200, 60_000, now + 60_000)).toHaveLength(120);
  });
});

/**
 * Migration 005 scopes idempotency keys to a company. A database written by the previous
 * release must come through it with every stored answer still answering, now under the
 * company of the payment it made.
 */
import { expect, it } from "vitest";
import type { Store } from "../../../src/server/store/interface.ts";
import { describeEachEngine, type Engine } from "../../support/engines.ts";
import { migratedFrom } from "./migrated.ts";

/** Two companies' payments and the answers stored for them, as the previous release wrote them. */
const OLD_ROWS = `
  INSERT INTO companies (id, title) VALUES ('biz_a', 'A'), ('biz_b', 'B');
  INSERT INTO products (id, company_id, title, route) VALUES ('prod_a', 'biz_a', 'PA', 'pa'),
    ('prod_b', 'biz_b', 'PB', 'pb');
  INSERT INTO plans (id, product_id, plan_type, base_currency, initial_price)
    VALUES ('plan_a', 'prod_a', 'one_time', 'usd', 500), ('plan_b', 'prod_b', 'one_time', 'usd', 700);
  INSERT INTO payments (id, plan_id, status, amount, currency, email, card_brand, card_last4,
    idempotency_key)
    VALUES ('pay_a', 'plan_a', 'succeeded', 500, 'usd', 'a@b.co', 'visa', '4242', 'k-a'),
      ('pay_b', 'plan_b', 'failed', 700, 'usd', 'b@b.co', 'visa', '0002', 'k-b');
  INSERT INTO idempotency_keys (key, request_hash, status_code, response) VALUES
    ('k-a', 'hash-a', 201, '{"payment":{"id":"pay_a"},"receipt":{"id":"r_a"}}'),
    ('k-b', 'hash-b', 402, '{"error":{"code":"card_declined"},"payment_id":"pay_b"}'),
    ('k-none', 'hash-none', 201, '{}');
`;

/** A store on a database at the previous release's schema holding OLD_ROWS, then migrated. */
async function migratedFromPrevious(engine: Engine) {
  const migrated = await migratedFrom(engine, "005", OLD_ROWS);
  return {
    ...migrated,
    keys: () => migrated.query("SELECT company_id, key FROM idempotency_keys ORDER BY key"),
    /** An insert as the previous release writes it: no company. */
    oldInsert: (key: string, response: string) =>
      migrated.query(
        "INSERT INTO idempotency_keys (key, request_hash, status_code, response) VALUES (?, 'h', 201, ?)",
        [key, response],
      ),
  };
}

describeEachEngine("migration 005: idempotency keys per company", (engine) => {
  it("moves every stored answer under the company of its payment", async () => {
    const migrated = await migratedFromPrevious(engine);
    const store: Store = migrated.store;
    try {
      expect(migrated.applied).toContain("005_idempotency_per_company.sql");
      // The answer naming no payment cannot be scoped: dropped, its key starts afresh.
      expect(await migrated.keys()).toEqual([
        { company_id: "biz_a", key: "k-a" },
        { company_id: "biz_b", key: "k-b" },
      ]);
      expect(await store.getStoredResponse("biz_a", "k-a")).toMatchObject({
        request_hash: "hash-a",
        status_code: 201,
        response: { payment: { id: "pay_a" } },
      });
      expect((await store.getStoredResponse("biz_b", "k-b"))?.status_code).toBe(402);
      expect(await store.getStoredResponse("biz_b", "k-a")).toBeNull();
      // The same key is now free for the other company, and still taken for its own.
      const answer = { request_hash: "h2", status_code: 201, response: {}, created_at: "x" };
      await store.storeResponse("biz_b", "k-a", answer);
      await expect(store.storeResponse("biz_a", "k-a", answer)).rejects.toThrow();
      expect((await store.getStoredResponse("biz_b", "k-a"))?.request_hash).toBe("h2");
    } finally {
      await migrated.drop();
    }
  });

  if (engine.name === "postgres") {
    it("files an answer the previous release stores, without a company, under its payment's", async () => {
      const migrated = await migratedFromPrevious(engine);
      try {
        await migrated.oldInsert("k-old", '{"payment_id":"pay_b"}');
        expect((await migrated.store.getStoredResponse("biz_b", "k-old"))?.status_code).toBe(201);
        // An answer naming no payment has no company: refused, as the column requires one.
        await expect(migrated.oldInsert("k-orphan", "{}")).rejects.toThrow(/company_id/);
      } finally {
        await migrated.drop();
      }
    });
  }
});

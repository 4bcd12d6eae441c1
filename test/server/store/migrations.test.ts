import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { migrate } from "../../../src/server/store/database.ts";

describe("SQLite migrations", () => {
  it("rebuilds the payments table of an existing database without losing rows", () => {
    const db = new Database(":memory:");
    db.pragma("foreign_keys = ON");
    db.exec("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)");
    db.exec(readFileSync("src/server/store/migrations/sqlite/001_init.sql", "utf8"));
    db.prepare("INSERT INTO schema_migrations (name) VALUES ('001_init.sql')").run();
    db.exec(`
      INSERT INTO companies (id, title) VALUES ('biz_1', 'Co');
      INSERT INTO products (id, company_id, title, route) VALUES ('prod_1', 'biz_1', 'P', 'p');
      INSERT INTO plans (id, product_id, plan_type, base_currency, initial_price)
        VALUES ('plan_1', 'prod_1', 'one_time', 'usd', 500);
      INSERT INTO payments (id, plan_id, status, amount, currency, email, card_brand, card_last4)
        VALUES ('pay_1', 'plan_1', 'succeeded', 500, 'usd', 'a@b.co', 'visa', '4242');
      INSERT INTO receipts (id, payment_id) VALUES ('r_1', 'pay_1');
    `);
    expect(migrate(db)).toEqual([
      "002_promos_entries_keys_webhooks.sql",
      "003_idempotency_expiry.sql",
      "004_webhook_secret_rotation.sql",
      "005_idempotency_per_company.sql",
      "006_receipt_emails_custom_fields.sql",
      "007_buyer_details.sql",
      "008_receipt_email_facts.sql",
    ]);
    expect(db.prepare("SELECT id, status, amount, subtotal, discount FROM payments").all()).toEqual(
      [{ id: "pay_1", status: "succeeded", amount: 500, subtotal: 500, discount: 0 }],
    );
    expect(db.pragma("foreign_key_check")).toEqual([]);
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    // The widened CHECK accepts the new status.
    db.prepare("UPDATE payments SET status = 'requires_action' WHERE id = 'pay_1'").run();
  });

  it("overwrites the unkeyed request hashes of existing idempotency records", () => {
    const db = new Database(":memory:");
    db.exec("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)");
    db.exec(readFileSync("src/server/store/migrations/sqlite/001_init.sql", "utf8"));
    db.prepare("INSERT INTO schema_migrations (name) VALUES ('001_init.sql')").run();
    db.exec(`
      INSERT INTO companies (id, title) VALUES ('biz_1', 'Co');
      INSERT INTO products (id, company_id, title, route) VALUES ('prod_1', 'biz_1', 'P', 'p');
      INSERT INTO plans (id, product_id, plan_type, base_currency, initial_price)
        VALUES ('plan_1', 'prod_1', 'one_time', 'usd', 500);
      INSERT INTO payments (id, plan_id, status, amount, currency, email, card_brand, card_last4)
        VALUES ('pay_1', 'plan_1', 'succeeded', 500, 'usd', 'a@b.co', 'visa', '4242');
    `);
    const unkeyed = createHash("sha256").update('{"card":{"number":"4242424242424242"}}');
    db.prepare(
      `INSERT INTO idempotency_keys (key, request_hash, status_code, response)
       VALUES (?, ?, 201, '{"payment":{"id":"pay_1"}}')`,
    ).run("k1", unkeyed.digest("hex"));
    migrate(db);
    expect(db.prepare("SELECT key, request_hash FROM idempotency_keys").all()).toEqual([
      { key: "k1", request_hash: "retired-unkeyed-hash" },
    ]);
  });
});

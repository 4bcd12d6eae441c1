/**
 * Migration 008 keeps receipt emails as the facts they state rather than as their bodies. An
 * email the previous release wrote must come through it with its bodies as they were kept, and
 * a row with neither facts nor bodies must be refused.
 */
import { expect, it } from "vitest";
import { composeReceipt, type ReceiptFacts } from "../../../src/server/receipts/message.ts";
import { describeEachEngine, type Engine } from "../../support/engines.ts";
import { migratedFrom } from "./migrated.ts";

/** A receipt and its email, with its bodies, as the previous release wrote them. */
const OLD_ROWS = `
  INSERT INTO companies (id, title) VALUES ('biz_a', 'A');
  INSERT INTO products (id, company_id, title, route) VALUES ('prod_a', 'biz_a', 'PA', 'pa');
  INSERT INTO plans (id, product_id, plan_type, base_currency, initial_price)
    VALUES ('plan_a', 'prod_a', 'one_time', 'usd', 500);
  INSERT INTO payments (id, plan_id, status, amount, currency, email, card_brand, card_last4)
    VALUES ('pay_a', 'plan_a', 'succeeded', 500, 'usd', 'a@b.co', 'visa', '4242'),
      ('pay_b', 'plan_a', 'succeeded', 500, 'usd', 'b@b.co', 'visa', '4242');
  INSERT INTO receipts (id, payment_id) VALUES ('r_a', 'pay_a'), ('r_b', 'pay_b');
  INSERT INTO receipt_emails (receipt_id, company_id, recipient, sender_name, subject, text_body,
      html_body, status, next_attempt_at)
    VALUES ('r_a', 'biz_a', 'a@b.co', 'A', 'Your receipt', 'kept text', '<p>kept html</p>', 'held', 0);
`;

const NEW_EMAIL = `INSERT INTO receipt_emails (receipt_id, company_id, recipient, sender_name,
  subject, facts, text_body, html_body, status, next_attempt_at)
  VALUES ('r_b', 'biz_a', 'b@b.co', 'A', 'Your receipt', ?, ?, ?, 'held', 0)`;

const facts: ReceiptFacts = {
  receipt_id: "r_b",
  payment_id: "pay_b",
  created_at: "2026-03-05T14:03:09.120Z",
  amount: 500,
  currency: "usd",
  card_brand: "visa",
  card_last4: "4242",
  company_title: "A",
  product_title: "PA",
  plan_description: null,
  trial: false,
};

/** A store on a database at the previous release's schema holding OLD_ROWS, then migrated. */
async function migratedFromPrevious(engine: Engine) {
  const migrated = await migratedFrom(engine, "008", OLD_ROWS);
  return {
    ...migrated,
    insert: (...params: (string | null)[]) => migrated.query(NEW_EMAIL, params),
  };
}

describeEachEngine("migration 008: receipt emails kept as their facts", (engine) => {
  it("keeps the bodies of emails written before, and composes later ones from their facts", async () => {
    const migrated = await migratedFromPrevious(engine);
    try {
      expect(migrated.applied).toContain("008_receipt_email_facts.sql");
      expect(await migrated.store.receipts.get("r_a")).toMatchObject({
        text: "kept text",
        html: "<p>kept html</p>",
        status: "held",
      });
      // Neither facts nor bodies: refused, so no email is ever without its message.
      await expect(migrated.insert(null, null, null)).rejects.toThrow(/CHECK|receipt_emails/);
      await migrated.insert(JSON.stringify(facts), null, null);
      const { text, html } = composeReceipt(facts);
      expect(await migrated.store.receipts.get("r_b")).toMatchObject({ text, html });
    } finally {
      await migrated.drop();
    }
  });
});

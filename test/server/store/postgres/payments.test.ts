import pg from "pg";
import { afterEach, expect, it, vi } from "vitest";
import type { Store } from "../../../../src/server/store/interface.ts";
import type { PlanContext } from "../../../../src/server/store/records.ts";
import { describePostgres, type TestDatabase } from "../../../support/engines.ts";
import { addPlan, countRows, newPayment, openTestStore } from "../helpers.ts";

// Round trips bound a PostgreSQL instance's payments per second (docs/deploy.md): each is
// counted here as the statements its connection sends.
describePostgres("payments in few round trips", (engine) => {
  /** The database the test opened, closed after it. */
  let opened: TestDatabase | undefined;
  let store: Store;
  let context: PlanContext;
  afterEach(async () => {
    vi.restoreAllMocks();
    await opened?.close();
    opened = undefined;
  });

  /** A store with a plan and a webhook endpoint taking every event; answers its database. */
  async function setup(): Promise<TestDatabase> {
    const { db, product, company, ...rest } = await openTestStore(engine);
    opened = db;
    store = rest.store;
    const plan = await addPlan(store, product.id, { stock: 5 });
    await store.webhooks.addEndpoint({ company_id: company.id, url: "https://hooks.example/in" });
    context = { plan, product, company };
    return db;
  }

  /** The statements `record` sends inside an open transaction. */
  async function statementsOf(record: (tx: Store) => Promise<unknown>) {
    const sent = vi.spyOn(pg.Client.prototype, "query");
    let count = 0;
    await store.transaction(async (tx) => {
      sent.mockClear();
      await record(tx);
      count = sent.mock.calls.length;
    });
    return count;
  }

  it("writes a success and all it creates in two statements after the stock's", async () => {
    const db = await setup();
    const statements = await statementsOf(async (tx) => {
      expect((await tx.recordPayment(newPayment(context))).ok).toBe(true);
    });
    expect(statements).toBe(3);
    for (const [table, rows] of [
      ["payments", 1],
      ["receipts", 1],
      ["receipt_emails", 1],
      ["memberships", 1],
      ["webhook_events", 2],
      // The endpoint takes every event: a delivery of each.
      ["webhook_deliveries", 2],
    ] as const) {
      expect(await countRows(db, table), table).toBe(rows);
    }
  });

  it("writes a decline and its event in two statements, a challenge in one", async () => {
    const db = await setup();
    const declined = newPayment(context, { status: "failed", failure_code: "card_declined" });
    expect(await statementsOf((tx) => tx.recordPayment(declined))).toBe(2);
    const challenged = newPayment(context, { status: "requires_action" });
    expect(await statementsOf((tx) => tx.recordPayment(challenged))).toBe(1);
    expect(await countRows(db, "webhook_deliveries")).toBe(1);
  });
});

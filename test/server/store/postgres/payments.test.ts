import pg from "pg";
import { afterEach, expect, it, vi } from "vitest";
import type { Store } from "../../../../src/server/store/interface.ts";
import { openPool, Sql } from "../../../../src/server/store/postgres/sql.ts";
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

  it("runs statements as one: a key to a row inserted beside it holds, a failure undoes all", async () => {
    const { target, drop } = await engine.fresh();
    const pool = openPool(target);
    try {
      const sql = new Sql(pool);
      await sql.run("CREATE TABLE parents (id TEXT PRIMARY KEY)");
      await sql.run(
        "CREATE TABLE children (id TEXT PRIMARY KEY, parent_id TEXT NOT NULL REFERENCES parents)",
      );
      const parent = (id: string) => ({
        text: "INSERT INTO parents (id) VALUES ($1) RETURNING id",
        params: [id],
      });
      const child = (id: string, parentId: string) => ({
        text: "INSERT INTO children (id, parent_id) VALUES ($1, $2) RETURNING *",
        params: [id, parentId],
      });
      const read = { text: "SELECT id FROM parents WHERE id = $1", params: ["p1"] };
      const [parents, children, seen] = await sql.together([parent("p1"), child("c1", "p1"), read]);
      expect(parents).toEqual([{ id: "p1" }]);
      expect(children).toEqual([{ id: "c1", parent_id: "p1" }]);
      // One snapshot, taken before any of them wrote.
      expect(seen).toEqual([]);
      await expect(sql.together([parent("p2"), child("c2", "nobody")])).rejects.toThrow(
        /foreign key/,
      );
      expect(await sql.rows("SELECT id FROM parents ORDER BY id")).toEqual([{ id: "p1" }]);
    } finally {
      await pool.end();
      await drop();
    }
  });
});

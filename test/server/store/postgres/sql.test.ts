import pg from "pg";
import { expect, it } from "vitest";
import { Sql } from "../../../../src/server/store/postgres/sql.ts";
import { describePostgres, type Engine } from "../../../support/engines.ts";

/** Runs `test` with a `Sql` on a fresh schema (a pool of at most `max` connections). */
async function withSql(
  engine: Engine,
  max: number,
  test: (sql: Sql, url: string) => Promise<void>,
) {
  const { target, drop } = await engine.fresh();
  const pool = new pg.Pool({ connectionString: target, max });
  try {
    await test(new Sql(pool), target);
  } finally {
    await pool.end();
    await drop();
  }
}

/** Runs `text` on a connection of its own, outside any `Sql`: what another process does. */
async function elsewhere(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

describePostgres("SQL on PostgreSQL", (engine) => {
  it("runs statements as one: a key to a row inserted beside it holds, a failure undoes all", async () => {
    await withSql(engine, 10, async (sql) => {
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
    });
  });

  it("prepares each statement once per connection, and runs a migration's script as it is", async () => {
    await withSql(engine, 1, async (sql) => {
      await sql.script(
        "CREATE TABLE items (id INT PRIMARY KEY); INSERT INTO items VALUES (1), (2)",
      );
      const read = "SELECT id FROM items WHERE id = $1";
      expect(await sql.rows(read, [1])).toEqual([{ id: 1 }]);
      expect(await sql.rows(read, [2])).toEqual([{ id: 2 }]);
      // The one connection's prepared statements.
      const prepared = await sql.rows(
        "SELECT statement FROM pg_prepared_statements WHERE statement = $1",
        [read],
      );
      expect(prepared).toEqual([{ statement: read }]);
    });
  });

  it("answers a statement gone stale with a migration, in a transaction or not", async () => {
    await withSql(engine, 2, async (sql, url) => {
      await sql.script("CREATE TABLE items (id INT PRIMARY KEY); INSERT INTO items VALUES (1)");
      const read = "SELECT * FROM items WHERE id = $1";
      // Both connections prepare it.
      await Promise.all([sql.rows(read, [1]), sql.atomic((tx) => tx.rows(read, [1]))]);
      // What the previous release's instances meet once the next one adds a column.
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query({ name: "stale", text: read, values: [1] });
        await elsewhere(url, "ALTER TABLE items ADD COLUMN note TEXT DEFAULT 'new'");
        await expect(client.query({ name: "stale", text: read, values: [1] })).rejects.toThrow(
          /cached plan must not change result type/,
        );
      } finally {
        await client.end();
      }
      expect(await sql.rows(read, [1])).toEqual([{ id: 1, note: "new" }]);
      await elsewhere(url, "ALTER TABLE items ADD COLUMN size INT DEFAULT 2");
      const inTransaction = await sql.atomic(async (tx) => {
        await tx.run("UPDATE items SET size = 3 WHERE id = $1", [1]);
        return tx.rows(read, [1]);
      });
      expect(inTransaction).toEqual([{ id: 1, note: "new", size: 3 }]);
      // The transaction ran once to the end: its update stands once.
      expect(await sql.rows(read, [1])).toEqual([{ id: 1, note: "new", size: 3 }]);
    });
  });
});

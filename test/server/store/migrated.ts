import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { migrationsDir } from "../../../src/server/store/migrations-dir.ts";
import { openPool } from "../../../src/server/store/postgres/sql.ts";
import type { Engine, TestDatabase } from "../../support/engines.ts";

const SCHEMA_MIGRATIONS = {
  sqlite: "CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)",
  postgres: `CREATE TABLE schema_migrations (
    name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
};

/**
 * A database of `engine` at the schema a previous release left (every migration named before
 * `release`, such as "005"), holding `oldRows` as that release wrote them, then opened by the
 * current store, which applies the rest: what an upgrade does to a live database. `applied`
 * names the migrations the opening applied; `drop` closes the store and removes the database.
 */
export async function migratedFrom(
  engine: Engine,
  release: string,
  oldRows: string,
): Promise<TestDatabase & { applied: string[]; drop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "migration-"));
  const { target, drop } = await engine.fresh(dir);
  const earlier = readdirSync(migrationsDir(engine.name))
    .filter((file) => /^\d{3}_/.test(file) && file < release)
    .sort();
  const sql = (file: string) => readFileSync(join(migrationsDir(engine.name), file), "utf8");
  if (engine.name === "sqlite") {
    const db = new Database(target);
    db.exec(SCHEMA_MIGRATIONS.sqlite);
    for (const file of earlier) {
      db.exec(sql(file));
      db.prepare("INSERT INTO schema_migrations (name) VALUES (?)").run(file);
    }
    db.exec(oldRows);
    db.close();
  } else {
    const pool = openPool(target);
    await pool.query(SCHEMA_MIGRATIONS.postgres);
    for (const file of earlier) {
      await pool.query(sql(file));
      await pool.query("INSERT INTO schema_migrations (name) VALUES ($1)", [file]);
    }
    await pool.query(oldRows);
    await pool.end();
  }
  const db = await engine.attach(target);
  const applied = (await db.query("SELECT name FROM schema_migrations"))
    .map((row) => row.name as string)
    .filter((name) => !earlier.includes(name));
  return {
    ...db,
    applied,
    async drop() {
      await db.close();
      await drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

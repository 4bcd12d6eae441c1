import { migrate as migrateSqlite, openDatabase } from "./database.ts";
import type { Store } from "./interface.ts";
import { migrate as migratePostgres, openPool } from "./postgres/sql.ts";
import { PgStore } from "./postgres/store.ts";
import { SqliteStore } from "./sqlite.ts";
import { SqliteThreadStore } from "./sqlite-thread.ts";

/** Whether `target` names a PostgreSQL database rather than a SQLite file. */
export const isPostgresUrl = (target: string) => /^postgres(ql)?:\/\//i.test(target);

/**
 * Opens the store `target` names: a `postgres://…` URL (several instances may share it) or a
 * SQLite file path (`:memory:` for a throwaway one). Pending migrations are applied first.
 * With `thread`, SQLite runs on a thread of its own (sqlite-thread.ts), as the server wants
 * it; without, in the caller's (the CLI, and tests that read the rows underneath).
 */
export async function openStore(
  target: string,
  options: { thread?: boolean } = {},
): Promise<Store> {
  if (isPostgresUrl(target)) return PgStore.open(target);
  if (options.thread) return SqliteThreadStore.open(target);
  return new SqliteStore(openDatabase(target));
}

/** Applies pending migrations to `target` and names them, for deploys that migrate first. */
export async function migrateStore(target: string): Promise<string[]> {
  if (!isPostgresUrl(target)) {
    const db = openDatabase(target, { migrate: false });
    try {
      return migrateSqlite(db);
    } finally {
      db.close();
    }
  }
  const pool = openPool(target);
  try {
    return await migratePostgres(pool);
  } finally {
    await pool.end();
  }
}

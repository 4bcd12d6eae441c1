import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
} from "node:fs";
import { dirname, join } from "node:path";
import Database from "better-sqlite3";
import { migrationsDir } from "./migrations-dir.ts";

const MIGRATIONS_DIR = migrationsDir("sqlite");

export type Db = Database.Database;

/**
 * A repository interface with its promises taken away: better-sqlite3 answers synchronously, so
 * the SQLite repositories are plain synchronous code and `SqliteStore` alone deals in promises.
 */
export type Synchronous<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : T[K];
};

/**
 * Opens (creating if needed) the SQLite database at `path` — `:memory:` for tests — in WAL
 * mode with foreign keys on, and applies every migration not yet recorded (unless told not to:
 * `migrateStore` applies them itself, to name them).
 */
export function openDatabase(path: string, options: { migrate?: boolean } = {}): Db {
  if (path !== ":memory:") createOwnerOnly(path);
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  if (path !== ":memory:") ownerOnlyFiles(path);
  // FULL makes every acknowledged commit survive a power cut, not only a process crash.
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  // Deleted and overwritten rows are zeroed, so an expired record leaves no bytes behind.
  db.pragma("secure_delete = ON");
  // Savepoint journals in memory: every payment is a savepoint inside its group's transaction
  // (group-commit.ts), and SQLite copies each page a savepoint first changes into its journal,
  // which by default moves to a temporary file past 64 KiB: some 47 writes a payment. They
  // only serve to roll that savepoint back; durability is the WAL's, unchanged. (`migrate`
  // sorts on disk.)
  db.pragma("temp_store = MEMORY");
  if (options.migrate !== false) migrate(db);
  reuseStatements(db);
  return db;
}

/** More distinct SQL texts than the store has; past it, statements are compiled each time. */
const MAX_CACHED_STATEMENTS = 500;

/**
 * Compiles each SQL text once per connection. better-sqlite3 compiles on every `prepare`, and
 * that was the largest single cost of a plan read in a CPU profile. Reuse is safe because no
 * repository changes a statement's mode (`pluck`, `raw`, `expand`) or iterates one, and SQLite
 * recompiles a statement by itself when a migration changes the schema under it.
 */
function reuseStatements(db: Db): void {
  const compile = db.prepare.bind(db);
  const statements = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = compile(sql);
      if (statements.size < MAX_CACHED_STATEMENTS) statements.set(sql, statement);
    }
    return statement;
  }) as Db["prepare"];
}

/**
 * The database holds webhook signing secrets and buyers' details: its folder (when this makes
 * it) is 0700 and its file 0600 before SQLite first opens it. SQLite gives the -wal and -shm
 * files the database file's mode; they are set again in case an older version left them open.
 */
function createOwnerOnly(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, "a", 0o600));
  ownerOnlyFiles(path);
}

function ownerOnlyFiles(path: string): void {
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    if (existsSync(file)) chmodSync(file, 0o600);
  }
}

/** Applies `migrations/NNN_name.sql` in order, each in its own transaction, once. */
export function migrate(db: Db): string[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name TEXT PRIMARY KEY,
    applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  )`);
  const applied = new Set(
    db
      .prepare("SELECT name FROM schema_migrations")
      .all()
      .map((row) => (row as { name: string }).name),
  );
  const pending = readdirSync(MIGRATIONS_DIR)
    .filter((file) => /^\d{3}_[\w-]+\.sql$/.test(file) && !applied.has(file))
    .sort();
  // Foreign keys are off while migrating so a migration may rebuild a referenced table (the
  // only way to change a CHECK in SQLite); every reference is verified before committing.
  const foreignKeys = db.pragma("foreign_keys", { simple: true });
  db.pragma("foreign_keys = OFF");
  // A table rebuild or a new index may sort a whole table: in temporary files, not in memory.
  const tempStore = db.pragma("temp_store", { simple: true });
  db.pragma("temp_store = FILE");
  try {
    for (const file of pending) {
      const sql = readFileSync(join(MIGRATIONS_DIR, file), "utf8");
      db.transaction(() => {
        db.exec(sql);
        const broken = db.pragma("foreign_key_check") as unknown[];
        if (broken.length) {
          throw new Error(`Migration ${file} leaves broken references: ${JSON.stringify(broken)}`);
        }
        db.prepare("INSERT INTO schema_migrations (name) VALUES (?)").run(file);
      })();
    }
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? "ON" : "OFF"}`);
    db.pragma(`temp_store = ${tempStore}`);
  }
  return pending;
}

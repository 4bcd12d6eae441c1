/**
 * The engines every store and API test runs against: SQLite (in memory) always, and PostgreSQL
 * at TEST_DATABASE_URL, each test in a fresh schema of its own dropped afterwards, so runs
 * never share rows. Without a reachable server the PostgreSQL half is skipped, loudly; when
 * TEST_DATABASE_URL is set explicitly (as CI does) an unreachable server fails instead.
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import pg from "pg";
import { afterEach, describe } from "vitest";
import type { Store } from "../../src/server/store/interface.ts";
import { openStore } from "../../src/server/store/open.ts";
import { openPool } from "../../src/server/store/postgres/sql.ts";
import type { Row } from "../../src/server/store/rows.ts";
import type { SqliteStore } from "../../src/server/store/sqlite.ts";

const DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/test";
const explicitUrl = process.env.TEST_DATABASE_URL;
const TEST_DATABASE_URL = explicitUrl || DEFAULT_URL;

/** A store on a fresh database, with raw SQL for what a test checks underneath. */
export interface TestDatabase {
  store: Store;
  /** Runs `text` with `?` placeholders (turned into $1, $2… for PostgreSQL). */
  query(text: string, params?: unknown[]): Promise<Row[]>;
  /** The column that orders rows by insertion: `rowid` or `seq`. */
  insertionOrder: "rowid" | "seq";
  /** Closes the store, and drops the database when `open` made it. */
  close(): Promise<void>;
}

export interface Engine {
  name: "sqlite" | "postgres";
  /** A store on a fresh database, dropped when it closes. */
  open(): Promise<TestDatabase>;
  /**
   * A URL or path for `openStore` naming a fresh database (a file in `dir` for SQLite when
   * given, else in memory), and how to drop it afterwards.
   */
  fresh(dir?: string): Promise<{ target: string; drop(): Promise<void> }>;
  /** A store on the database `target` names; closing it leaves the database in place. */
  attach(target: string): Promise<TestDatabase>;
}

const sqlite: Engine = {
  name: "sqlite",
  async fresh(dir) {
    return { target: dir ? join(dir, "checkout.db") : ":memory:", drop: async () => {} };
  },
  async attach(target) {
    const store = (await openStore(target)) as SqliteStore;
    return {
      store,
      insertionOrder: "rowid",
      async query(text, params = []) {
        const statement = store.db.prepare(text);
        if (statement.reader) return statement.all(...params) as Row[];
        statement.run(...params);
        return [];
      },
      close: () => store.close(),
    };
  },
  open() {
    return sqlite.attach(":memory:");
  },
};

async function reachable(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return null;
  } catch (error) {
    return error instanceof Error ? error.message || error.name : String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

/** A URL whose connections use `schema` first (libpq's `options`, which node-postgres reads). */
const withSchema = (url: string, schema: string) => {
  const parsed = new URL(url);
  parsed.searchParams.set("options", `-c search_path=${schema}`);
  return parsed.toString();
};

async function createSchema() {
  const schema = `t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  const drop = async () => {
    const dropper = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await dropper.connect();
    try {
      await dropper.query(`DROP SCHEMA ${schema} CASCADE`);
    } finally {
      await dropper.end();
    }
  };
  return { target: withSchema(TEST_DATABASE_URL, schema), drop };
}

const postgres: Engine = {
  name: "postgres",
  fresh: createSchema,
  async attach(target) {
    const store = await openStore(target);
    const pool = openPool(target);
    return {
      store,
      insertionOrder: "seq",
      async query(text, params = []) {
        let index = 0;
        return (
          await pool.query(
            text.replace(/\?/g, () => `$${++index}`),
            params,
          )
        ).rows;
      },
      async close() {
        await store.close();
        await pool.end();
      },
    };
  },
  async open() {
    const { target, drop } = await createSchema();
    const db = await postgres.attach(target);
    return {
      ...db,
      async close() {
        await db.close();
        await drop();
      },
    };
  },
};

const unreachable = await reachable(TEST_DATABASE_URL);
if (unreachable && explicitUrl) {
  throw new Error(`TEST_DATABASE_URL=${explicitUrl} is set but unreachable: ${unreachable}`);
}
if (unreachable) {
  console.warn(
    `\n*** PostgreSQL tests SKIPPED: no server at TEST_DATABASE_URL (default ${DEFAULT_URL}): ` +
      `${unreachable}. Start PostgreSQL or set TEST_DATABASE_URL to run them. ***\n`,
  );
}

/** Whether the PostgreSQL half of the suite runs. */
const postgresAvailable = unreachable === null;

/** Every engine, PostgreSQL marked to skip when unavailable. */
export const ENGINES: Engine[] = [sqlite, postgres];

/** `describe` once per engine, titled with the engine's name; PostgreSQL skipped without it. */
export function describeEachEngine(title: string, body: (engine: Engine) => void) {
  for (const engine of ENGINES) {
    const run = engine.name === "postgres" && !postgresAvailable ? describe.skip : describe;
    run(`${title} [${engine.name}]`, () => body(engine));
  }
}

/** `describe` on PostgreSQL only (tests of real parallelism), skipped without it. */
export const describePostgres = (title: string, body: (engine: Engine) => void) =>
  (postgresAvailable ? describe : describe.skip)(`${title} [postgres]`, () => body(postgres));

/**
 * Inside a `describe`: a fresh database of `engine` for each call, every one closed (and
 * dropped) after each test.
 */
export function freshDatabases(engine: Engine): () => Promise<TestDatabase> {
  const opened: TestDatabase[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.close();
  });
  return async () => {
    const db = await engine.open();
    opened.push(db);
    return db;
  };
}

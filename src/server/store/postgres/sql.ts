import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { migrationsDir } from "../migrations-dir.ts";
import type { Row } from "../rows.ts";

const MIGRATIONS_DIR = migrationsDir("postgres");

/**
 * Namespaces of the advisory locks this code takes (the first key of the two-key form), so they
 * never wait on each other: one for migrating a schema, one for an idempotency key.
 */
export const LOCKS = { migrate: 7_351_001, idempotencyKey: 7_351_002 } as const;

/** One SQL statement and its values, numbered from $1 (never a `$` in a literal). */
export interface Statement {
  text: string;
  params: unknown[];
}

/** An INSERT of one row (`columns`: values by column name) into `table`, returning the row. */
export function insertRow(table: string, columns: Record<string, unknown>): Statement {
  const entries = Object.entries(columns);
  return {
    text: `INSERT INTO ${table} (${entries.map(([name]) => name).join(", ")})
           VALUES (${entries.map((_, index) => `$${index + 1}`).join(", ")}) RETURNING *`,
    params: entries.map(([, value]) => value),
  };
}

const statementNames = new Map<string, string>();

/**
 * The name each SQL text is prepared under, on each connection that runs it: PostgreSQL then
 * parses and plans it once per connection rather than on every call (a payment's larger
 * statements are the same every time; docs/deploy.md has the gain). The texts come from this
 * code, not from requests, so they are few.
 */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    // Unique within this process, whose pool alone holds the connections it is prepared on.
    name = `s${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * Whether `error` is PostgreSQL refusing a prepared statement whose result's columns changed
 * since it was prepared: a migration added a column to a table that a `SELECT *` or a
 * `RETURNING *` reads, while instances of the previous release still run. The statement fails
 * so on its connection until that connection ends.
 */
function isStale(error: unknown): boolean {
  return (
    (error as { code?: unknown })?.code === "0A000" &&
    /cached plan must not change result type/.test(String((error as Error).message))
  );
}

/**
 * Where the repositories send SQL: the pool, or one pooled connection inside a transaction.
 * Every statement is parameterised ($1, $2…); values are never spliced into SQL text.
 */
export class Sql {
  private ended = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly client: pg.PoolClient | null = null,
    private readonly depth = 0,
  ) {}

  /** Whether statements run inside a transaction (so locks last until it ends). */
  get inTransaction() {
    return this.client !== null;
  }

  async rows(text: string, params: unknown[] = []): Promise<Row[]> {
    return (await this.send(text, params)).rows;
  }

  async row(text: string, params: unknown[] = []): Promise<Row | undefined> {
    return (await this.send(text, params)).rows[0];
  }

  /**
   * Runs `statements` as one, each a CTE of it (a SELECT, or a write with a RETURNING clause):
   * one round trip rather than one each, and all of them or none. They share one snapshot, so
   * none may need to read what another writes; a foreign key to a row another one inserts
   * holds, as the keys are checked at the statement's end. Answers, for each, the rows it
   * returns (its RETURNING, or what a SELECT finds) as JSON objects, which carry the same
   * values as the driver's rows here: every column is text, a boolean or a number below 2^53.
   */
  async together<S extends Statement[]>(statements: [...S]): Promise<{ [K in keyof S]: Row[] }> {
    const params: unknown[] = [];
    const parts = statements.map(({ text, params: own }, index) => {
      const offset = params.length;
      params.push(...own);
      return `w${index} AS (${text.replace(/\$(\d+)/g, (_, n) => `$${Number(n) + offset}`)})`;
    });
    const answers = statements.map(
      (_, index) => `(SELECT coalesce(json_agg(w${index}), '[]') FROM w${index}) AS w${index}`,
    );
    const row = await this.row(`WITH ${parts.join(", ")} SELECT ${answers.join(", ")}`, params);
    return statements.map((_, index) => row![`w${index}`]) as { [K in keyof S]: Row[] };
  }

  /** Runs a write and answers how many rows it changed. */
  async run(text: string, params: unknown[] = []): Promise<number> {
    return (await this.send(text, params)).rowCount ?? 0;
  }

  /**
   * Runs a script of several statements (a migration) as it is: a prepared statement holds one.
   */
  async script(text: string): Promise<void> {
    if (this.ended) throw new Error("This transaction has already ended.");
    await (this.client ?? this.pool).query(text);
  }

  private send(text: string, params: unknown[]) {
    if (this.ended) return Promise.reject(new Error("This transaction has already ended."));
    const statement = { name: statementName(text), text, values: params };
    return this.client
      ? this.client.query(statement)
      : this.onConnection((client) => client.query(statement));
  }

  /**
   * Runs `use` on a pooled connection of its own. A connection the server ends meanwhile (a
   * restart, a failover) is dropped rather than pooled again: the pool watches only its idle
   * ones, and with no listener its 'error' event would end the process. So is one whose
   * prepared statements went stale, and `use` runs again on another (see `isStale`).
   */
  private async onConnection<T>(
    use: (client: pg.PoolClient, lost: () => void) => Promise<T>,
  ): Promise<T> {
    // Each stale connection is dropped, so the pool's size bounds the attempts.
    for (let attempt = 0; ; attempt++) {
      const client = await this.pool.connect();
      let healthy = true;
      const lost = () => {
        healthy = false;
      };
      client.on("error", lost);
      try {
        return await use(client, lost);
      } catch (error) {
        if (!isStale(error)) throw error;
        healthy = false;
        if (attempt >= (this.pool.options.max ?? 10)) throw error;
      } finally {
        client.off("error", lost);
        client.release(!healthy);
      }
    }
  }

  /**
   * Runs `work` in the transaction that is open, or in one of its own when none is: for writes
   * that must land together but that no caller undoes alone (a savepoint would cost two more
   * round trips for nothing).
   */
  transactional<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    return this.client ? work(this) : this.atomic(work);
  }

  /**
   * Runs `work` atomically: in a transaction on a connection of its own, or, already inside
   * one, in a savepoint. A connection whose rollback fails is dropped, not pooled again; a
   * transaction that met a stale statement (`isStale`) rolls back and runs again on another
   * connection, so `work` must do nothing but through `sql` (as every caller's does).
   */
  async atomic<T>(work: (sql: Sql) => Promise<T>): Promise<T> {
    if (this.ended) throw new Error("This transaction has already ended.");
    if (this.client) {
      const name = `s${this.depth}`;
      // A failed ROLLBACK TO leaves the outer transaction failed, and it rolls back in turn.
      return this.within(this.client, `SAVEPOINT ${name}`, `RELEASE SAVEPOINT ${name}`, work, {
        rollback: `ROLLBACK TO SAVEPOINT ${name}`,
        onRollbackFailed: () => {},
      });
    }
    // A transaction that met a stale statement was rolled back whole: it runs again, all of it.
    return this.onConnection((client, lost) =>
      this.within(client, "BEGIN", "COMMIT", work, {
        rollback: "ROLLBACK",
        onRollbackFailed: lost,
      }),
    );
  }

  private async within<T>(
    client: pg.PoolClient,
    begin: string,
    commit: string,
    work: (sql: Sql) => Promise<T>,
    undo: { rollback: string; onRollbackFailed: () => void },
  ): Promise<T> {
    await client.query(begin);
    const inner = new Sql(this.pool, client, this.depth + 1);
    try {
      const result = await work(inner);
      await client.query(commit);
      return result;
    } catch (error) {
      await client.query(undo.rollback).catch(undo.onRollbackFailed);
      throw error;
    } finally {
      inner.ended = true;
    }
  }
}

/**
 * A pool on `url`. BIGINT (money, epoch milliseconds) reads as a number: every value this
 * code stores is far below 2^53.
 */
export function openPool(url: string): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    // A server that does not answer fails the request (503) instead of holding it.
    connectionTimeoutMillis: 5_000,
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        oid === pg.types.builtins.INT8
          ? Number
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection the server drops (restart, failover) must not crash the process; the
  // next query opens a fresh one.
  pool.on("error", () => {});
  return pool;
}

/**
 * Applies `migrations/postgres/NNN_name.sql` not yet recorded in the current schema, all in one
 * transaction under an advisory lock: instances starting together migrate once, and a failed
 * migration leaves nothing behind.
 */
export async function migrate(pool: pg.Pool): Promise<string[]> {
  return new Sql(pool).atomic(async (sql) => {
    await sql.run("SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))", [LOCKS.migrate]);
    await sql.run(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name TEXT PRIMARY KEY,
      applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )`);
    const applied = new Set(
      (await sql.rows("SELECT name FROM schema_migrations")).map((row) => row.name as string),
    );
    const pending = readdirSync(MIGRATIONS_DIR)
      .filter((file) => /^\d{3}_[\w-]+\.sql$/.test(file) && !applied.has(file))
      .sort();
    for (const file of pending) {
      await sql.script(readFileSync(join(MIGRATIONS_DIR, file), "utf8"));
      await sql.run("INSERT INTO schema_migrations (name) VALUES ($1)", [file]);
    }
    return pending;
  });
}

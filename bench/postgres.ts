// The PostgreSQL the bench runs the platform on: the server at TEST_DATABASE_URL (the one the
// tests use), each run in a fresh schema of its own, dropped afterwards.
import { randomBytes } from "node:crypto";
import pg from "pg";

const SERVER_URL = process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test";

interface BenchSchema {
  /** The server's URL with this schema first on the search path, for DATABASE_URL. */
  url: string;
  countPayments(): Promise<number>;
  drop(): Promise<void>;
}

async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: SERVER_URL, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The server's version (`SHOW server_version`); throws, saying why, when it does not answer. */
export async function postgresVersion(): Promise<string> {
  try {
    return await withClient(
      async (client) => (await client.query("SHOW server_version")).rows[0].server_version,
    );
  } catch (error) {
    const reason = (error as Error).message || (error as Error).name;
    throw new Error(`no PostgreSQL server at ${SERVER_URL} (set TEST_DATABASE_URL): ${reason}`);
  }
}

export async function freshSchema(): Promise<BenchSchema> {
  const schema = `bench_${randomBytes(6).toString("hex")}`;
  await withClient((client) => client.query(`CREATE SCHEMA ${schema}`));
  const url = new URL(SERVER_URL);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return {
    url: url.toString(),
    countPayments: () =>
      withClient(async (client) =>
        Number((await client.query(`SELECT count(*) AS n FROM ${schema}.payments`)).rows[0].n),
      ),
    drop: () => withClient((client) => client.query(`DROP SCHEMA ${schema} CASCADE`)).then(),
  };
}

/**
 * Has PostgreSQL write out now what it would write back later (`CHECKPOINT`, which needs a
 * superuser or pg_checkpoint): dropping a bench schema leaves its files to unlink and its WAL
 * to flush, which would otherwise land on the disk during the next target's runs.
 */
export const checkpoint = () => withClient((client) => client.query("CHECKPOINT")).then();

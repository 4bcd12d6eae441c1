/**
 * SQLite on its own thread (src/server/store/sqlite-thread.ts and sqlite-worker.ts), as the
 * server opens it: every call crosses to the thread and back with its value or its error, a
 * payment is charged there whole, and transactions commit or roll back as on the main thread.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { HttpError } from "../../../src/server/http/http-error.ts";
import type { ChargeRequest } from "../../../src/server/payments/schema.ts";
import { DEMO, seedDemo } from "../../../src/server/seed.ts";
import type { Store } from "../../../src/server/store/interface.ts";
import { openStore } from "../../../src/server/store/open.ts";
import { isDatabaseUnavailable } from "../../../src/server/store/unavailable.ts";

const company = (title: string) => ({ title, redirect_url: null, allowed_origins: [] });

const purchase = (overrides: Partial<ChargeRequest> = {}): ChargeRequest => ({
  body: {
    plan_id: DEMO.oneTimePlan,
    email: "buyer@example.com",
    card: { number: "4242424242424242", exp_month: 12, exp_year: 2034, cvc: "123" },
  },
  idempotencyKey: null,
  requestHash: "hash-1",
  receiptEmail: "hold",
  time: Date.now(),
  ...overrides,
});

describe("SQLite on its own thread", () => {
  const dirs: string[] = [];
  const stores: Store[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close().catch(() => {});
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  async function open() {
    const dir = mkdtempSync(join(tmpdir(), "sqlite-thread-"));
    dirs.push(dir);
    const path = join(dir, "checkout.db");
    const store = await openStore(path, { thread: true });
    stores.push(store);
    /** What another connection finds on disk. */
    const onDisk = (sql: string) => {
      const reader = new Database(path, { readonly: true });
      try {
        return reader.prepare(sql).all();
      } finally {
        reader.close();
      }
    };
    return { store, onDisk };
  }

  it("answers the store's and its repositories' calls from the thread", async () => {
    const { store } = await open();
    const made = await store.upsertCompany(company("Acme"));
    expect(await store.getCompany(made.id)).toEqual(made);
    const { key, record } = await store.apiKeys.create(made.id, "backend");
    expect(await store.apiKeys.authenticate(key)).toMatchObject({
      id: record.id,
      company_id: made.id,
    });
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it("charges a payment whole on the thread, on disk once answered, and replays its key", async () => {
    const { store, onDisk } = await open();
    await seedDemo(store, "http://localhost:4000");
    const first = await store.charge(purchase({ idempotencyKey: "key-1" }));
    expect(first.status).toBe(201);
    const paymentId = (first.body as { payment: { id: string } }).payment.id;
    expect(onDisk("SELECT id, status FROM payments")).toEqual([
      { id: paymentId, status: "succeeded" },
    ]);
    expect(await store.charge(purchase({ idempotencyKey: "key-1" }))).toEqual(first);
    expect(onDisk("SELECT count(*) AS n FROM payments")).toEqual([{ n: 1 }]);
  });

  it("gives the route its HttpError back, and a database error its code", async () => {
    const { store } = await open();
    await seedDemo(store, "http://localhost:4000");
    const missing = await store
      .charge(purchase({ body: { ...purchase().body, plan_id: "plan_Missing0001" } }))
      .catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(HttpError);
    expect(missing).toMatchObject({ status: 404, code: "plan_not_found", field: "plan_id" });

    const taken = await store.upsertProduct({
      company_id: DEMO.company,
      title: "Second",
      headline: null,
      description: null,
      logo_url: null,
      route: "second",
      redirect_url: null,
      terms_url: null,
      visibility: "visible",
    });
    const clash = await store
      .upsertProduct({ ...taken, id: undefined, route: "second" })
      .catch((error: unknown) => error);
    expect(clash).toBeInstanceOf(Error);
    expect((clash as { code?: string }).code).toMatch(/^SQLITE_CONSTRAINT/);
  });

  it("commits a transaction's calls together, and rolls back all of one that throws", async () => {
    const { store, onDisk } = await open();
    await store.transaction(async (tx) => {
      await tx.upsertCompany(company("Kept"));
      // A savepoint that fails alone.
      await tx
        .transaction(async (inner) => {
          await inner.upsertCompany(company("Undone inside"));
          throw new Error("inner");
        })
        .catch(() => {});
    });
    const failure = new Error("outer");
    await expect(
      store.transaction(async (tx) => {
        await tx.upsertCompany(company("Undone"));
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(onDisk("SELECT title FROM companies")).toEqual([{ title: "Kept" }]);
  });

  it("is no thenable, and refuses calls as unavailable once closed", async () => {
    const { store } = await open();
    expect(await Promise.resolve(store)).toBe(store);
    await store.close();
    const refused = await store.listCompanies().catch((error: unknown) => error);
    expect(refused).toMatchObject({ message: expect.stringMatching(/database thread stopped/) });
    // Answered as the database being unavailable: 503, and /healthz says so.
    expect(isDatabaseUnavailable(refused)).toBe(true);
  });
});

/**
 * Group commit on SQLite: concurrent transactions share one durable COMMIT, none is reported
 * done before its rows are on disk, and each still succeeds or fails alone.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it, vi } from "vitest";
import { openDatabase } from "../../../src/server/store/database.ts";
import { MAX_GROUP } from "../../../src/server/store/group-commit.ts";
import { SqliteStore } from "../../../src/server/store/sqlite.ts";

const company = (title: string) => ({ title, redirect_url: null, allowed_origins: [] });

describe("SQLite group commit", () => {
  const dirs: string[] = [];
  const stores: SqliteStore[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function openFileStore() {
    const dir = mkdtempSync(join(tmpdir(), "group-commit-"));
    dirs.push(dir);
    const path = join(dir, "checkout.db");
    const db = openDatabase(path);
    const store = new SqliteStore(db);
    stores.push(store);
    const commits = vi.fn();
    // The COMMIT statement the store compiled: the connection keeps one per SQL text.
    const commit = db.prepare("COMMIT");
    const run = commit.run.bind(commit);
    commit.run = (...args: unknown[]) => {
      commits();
      return run(...args);
    };
    /** What another connection (another process, after a crash) finds on disk. */
    const titlesOnDisk = () => {
      const reader = new Database(path, { readonly: true });
      try {
        return (reader.prepare("SELECT title FROM companies").all() as { title: string }[])
          .map((row) => row.title)
          .sort();
      } finally {
        reader.close();
      }
    };
    return { store, commits, titlesOnDisk };
  }

  it("commits 20 concurrent transactions at once, each on disk when it resolves", async () => {
    const { store, commits, titlesOnDisk } = openFileStore();
    const seenOnDisk: boolean[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        store
          .transaction((tx) => tx.upsertCompany(company(`shop ${index}`)))
          .then(() => seenOnDisk.push(titlesOnDisk().includes(`shop ${index}`))),
      ),
    );
    expect(seenOnDisk).toEqual(Array(20).fill(true));
    expect(commits).toHaveBeenCalledTimes(1);
  });

  it("keeps the group open while each turn of the event loop brings another transaction", async () => {
    const { store, commits } = openFileStore();
    const upsert = (title: string) => store.transaction((tx) => tx.upsertCompany(company(title)));
    const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
    const settled: Promise<unknown>[] = [upsert("turn 0")];
    for (let turn = 1; turn <= 3; turn++) {
      await nextTurn();
      settled.push(upsert(`turn ${turn}`));
    }
    await Promise.all(settled);
    expect(commits).toHaveBeenCalledTimes(1);
    // A turn that brings no one commits the group: a later transaction gets a commit of its own.
    await upsert("alone");
    expect(commits).toHaveBeenCalledTimes(2);
  });

  it("commits a group once it holds MAX_GROUP transactions, without waiting for a quiet turn", async () => {
    const { store, commits, titlesOnDisk } = openFileStore();
    const count = MAX_GROUP + 10;
    await Promise.all(
      Array.from({ length: count }, (_, index) =>
        store.transaction((tx) => tx.upsertCompany(company(`shop ${index}`))),
      ),
    );
    expect(commits).toHaveBeenCalledTimes(2);
    expect(titlesOnDisk()).toHaveLength(count);
  });

  it("rolls back a failing transaction alone and reports it at once", async () => {
    const { store, titlesOnDisk } = openFileStore();
    const results = await Promise.allSettled([
      store.transaction((tx) => tx.upsertCompany(company("first"))),
      store.transaction(async (tx) => {
        await tx.upsertCompany(company("refused"));
        throw new Error("out of stock");
      }),
      store.transaction((tx) => tx.upsertCompany(company("third"))),
    ]);
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(titlesOnDisk()).toEqual(["first", "third"]);
  });

  it("commits the open group before a plain call reads", async () => {
    const { store, commits, titlesOnDisk } = openFileStore();
    const pending = store.transaction((tx) => tx.upsertCompany(company("queued")));
    const listed = await store.listCompanies();
    expect(listed.map((row) => row.title)).toEqual(["queued"]);
    expect(commits).toHaveBeenCalledTimes(1);
    expect(titlesOnDisk()).toEqual(["queued"]);
    await pending;
  });

  it("keeps nested transactions as savepoints of their member", async () => {
    const { store, titlesOnDisk } = openFileStore();
    await store.transaction(async (tx) => {
      await tx.upsertCompany(company("outer"));
      await tx
        .transaction(async (inner) => {
          await inner.upsertCompany(company("inner"));
          throw new Error("undo the inner part");
        })
        .catch(() => {});
    });
    expect(titlesOnDisk()).toEqual(["outer"]);
  });
});

import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { migrationsDir } from "../../../src/server/store/migrations-dir.ts";
import { isPostgresUrl, migrateStore, openStore } from "../../../src/server/store/open.ts";
import { describeEachEngine, describePostgres } from "../../support/engines.ts";

it("tells a PostgreSQL URL from a SQLite path", () => {
  expect(isPostgresUrl("postgres://u@h/db")).toBe(true);
  expect(isPostgresUrl("postgresql://u@h/db")).toBe(true);
  expect(isPostgresUrl("data/checkout.db")).toBe(false);
  expect(isPostgresUrl(":memory:")).toBe(false);
});

describeEachEngine("migrations", (engine) => {
  it("applies each migration once, then finds nothing to do", async () => {
    const dir = mkdtempSync(join(tmpdir(), "migrate-"));
    const fresh = await engine.fresh();
    const target = engine.name === "sqlite" ? join(dir, "checkout.db") : fresh.target;
    try {
      const applied = await migrateStore(target);
      expect(applied[0]).toBe("001_init.sql");
      expect(await migrateStore(target)).toEqual([]);
      const store = await openStore(target);
      await store.ping();
      await store.close();
    } finally {
      await fresh.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describePostgres("migrations", (engine) => {
  it("migrates once when several instances start together", async () => {
    const fresh = await engine.fresh();
    try {
      const runs = await Promise.all([1, 2, 3].map(() => migrateStore(fresh.target)));
      // Every migration once in all, whichever instance applied it.
      expect(runs.flat().sort()).toEqual(readdirSync(migrationsDir("postgres")).sort());
    } finally {
      await fresh.drop();
    }
  });
});

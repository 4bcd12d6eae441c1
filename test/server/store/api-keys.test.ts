import { afterEach, expect, it } from "vitest";
import { describeEachEngine, type TestDatabase } from "../../support/engines.ts";
import { openTestStore } from "./helpers.ts";

describeEachEngine("API keys", (engine) => {
  let db: TestDatabase;
  afterEach(() => db?.close());

  it("keeps only a key's hash and prefix, authenticates until revoked", async () => {
    const opened = await openTestStore(engine);
    db = opened.db;
    const { store, company } = opened;
    const { key, record } = await store.apiKeys.create(company.id, "CI");
    expect(record).toMatchObject({ name: "CI", prefix: key.slice(0, 12), revoked_at: null });
    expect(JSON.stringify(await db.query("SELECT * FROM api_keys"))).not.toContain(key);
    expect((await store.apiKeys.authenticate(key))?.last_used_at).toMatch(/Z$/);
    expect(await store.apiKeys.authenticate(`${key}x`)).toBeNull();
    await store.apiKeys.revoke(record.id);
    expect(await store.apiKeys.authenticate(key)).toBeNull();
    expect((await store.apiKeys.list(company.id))[0]?.revoked_at).toMatch(/Z$/);
  });
});

import { afterEach, expect, it, vi } from "vitest";
import { hashApiKey } from "../../../src/server/store/api-keys.ts";
import { describeEachEngine, type TestDatabase } from "../../support/engines.ts";
import { openTestStore } from "./helpers.ts";

it("hashes API keys with SHA-256, pinned to known vectors", () => {
  expect(hashApiKey("abc")).toBe(
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
  expect(hashApiKey(`sk_test_${"A".repeat(32)}`)).toBe(
    "709fb39c7a69d183e6a4e45135135eacf48226d0464ac30b1d666e5fa2407e80",
  );
});

describeEachEngine("API keys", (engine) => {
  let db: TestDatabase;
  afterEach(async () => {
    vi.useRealTimers();
    await db?.close();
  });

  const open = async () => {
    const opened = await openTestStore(engine);
    db = opened.db;
    return opened;
  };

  it("keeps only a key's hash and prefix, authenticates until revoked", async () => {
    const { store, company } = await open();
    const { key, record } = await store.apiKeys.create(company.id, "CI");
    expect(record).toMatchObject({ name: "CI", prefix: key.slice(0, 12), revoked_at: null });
    expect(JSON.stringify(await db.query("SELECT * FROM api_keys"))).not.toContain(key);
    expect((await store.apiKeys.authenticate(key))?.last_used_at).toMatch(/Z$/);
    expect(await store.apiKeys.authenticate(`${key}x`)).toBeNull();
    await store.apiKeys.revoke(record.id);
    expect(await store.apiKeys.authenticate(key)).toBeNull();
    expect((await store.apiKeys.list(company.id))[0]?.revoked_at).toMatch(/Z$/);
  });

  it("makes keys of 192 random bits, shown once and stored only as their hash", async () => {
    const { store, company } = await open();
    const created = [];
    for (let n = 0; n < 200; n++) created.push(await store.apiKeys.create(company.id, "k"));
    const keys = created.map(({ key }) => key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) {
      expect(key).toMatch(/^sk_test_[A-Za-z0-9_-]{32}$/);
      expect(Buffer.from(key.slice("sk_test_".length), "base64url")).toHaveLength(24);
    }
    // Random bytes: across 200 keys every byte value turns up (a counter or a short key would not).
    const bytes = new Set(keys.flatMap((key) => [...Buffer.from(key.slice(8), "base64url")]));
    expect(bytes.size).toBeGreaterThan(250);

    const rows = (await db.query("SELECT * FROM api_keys")) as Record<string, string>[];
    for (const [index, { key, record }] of created.entries()) {
      const row = rows.find((candidate) => candidate.id === record.id)!;
      expect(row.key_hash).toBe(hashApiKey(key));
      expect(row.prefix).toBe(key.slice(0, 12));
      // Nothing but the 12-character prefix of the key is kept in any column.
      expect(JSON.stringify(row)).not.toContain(key.slice(12));
      expect((await store.apiKeys.authenticate(key))?.id, `key ${index}`).toBe(record.id);
    }
    expect(await store.apiKeys.authenticate(`${keys[0]}x`)).toBeNull();
  });

  it("notes a key's use at most once a minute, and refuses it once revoked", async () => {
    const { store, company } = await open();
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = Date.parse("2030-01-01T00:00:00Z");
    vi.setSystemTime(start);
    const { key, record } = await store.apiKeys.create(company.id, "backend");
    expect(record).toMatchObject({ last_used_at: null, revoked_at: null });
    expect((await store.apiKeys.authenticate(key))?.last_used_at).toBe(
      new Date(start).toISOString(),
    );
    vi.setSystemTime(start + 60_000);
    expect((await store.apiKeys.get(record.id))?.last_used_at).toBe(new Date(start).toISOString());
    expect((await store.apiKeys.authenticate(key))?.last_used_at).toBe(
      new Date(start).toISOString(),
    );
    vi.setSystemTime(start + 60_001);
    expect((await store.apiKeys.authenticate(key))?.last_used_at).toBe(
      new Date(start + 60_001).toISOString(),
    );
    expect((await store.apiKeys.list(company.id)).map((listed) => listed.id)).toEqual([record.id]);
    await store.apiKeys.revoke(record.id);
    expect((await store.apiKeys.get(record.id))?.revoked_at).not.toBeNull();
    expect(await store.apiKeys.authenticate(key)).toBeNull();
  });
});

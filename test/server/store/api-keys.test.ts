import { afterEach, describe, expect, it, vi } from "vitest";
import { hashApiKey } from "../../../src/server/store/api-keys.ts";
import { openTestStore } from "./helpers.ts";

afterEach(() => vi.useRealTimers());

describe("API keys", () => {
  it("hashes keys with SHA-256, pinned to known vectors", () => {
    expect(hashApiKey("abc")).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
    expect(hashApiKey(`sk_test_${"A".repeat(32)}`)).toBe(
      "709fb39c7a69d183e6a4e45135135eacf48226d0464ac30b1d666e5fa2407e80",
    );
  });

  it("makes keys of 192 random bits, shown once and stored only as their hash", () => {
    const { store, company } = openTestStore();
    const created = Array.from({ length: 200 }, () => store.apiKeys.create(company.id, "k"));
    const keys = created.map(({ key }) => key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) {
      expect(key).toMatch(/^sk_test_[A-Za-z0-9_-]{32}$/);
      expect(Buffer.from(key.slice("sk_test_".length), "base64url")).toHaveLength(24);
    }
    // Random bytes: across 200 keys every byte value turns up (a counter or a short key would not).
    const bytes = new Set(keys.flatMap((key) => [...Buffer.from(key.slice(8), "base64url")]));
    expect(bytes.size).toBeGreaterThan(250);

    const rows = store.db.prepare("SELECT * FROM api_keys").all() as Record<string, string>[];
    for (const [index, { key, record }] of created.entries()) {
      const row = rows.find((candidate) => candidate.id === record.id)!;
      expect(row.key_hash).toBe(hashApiKey(key));
      expect(row.prefix).toBe(key.slice(0, 12));
      // Nothing but the 12-character prefix of the key is kept in any column.
      expect(JSON.stringify(row)).not.toContain(key.slice(12));
      expect(store.apiKeys.authenticate(key)?.id, `key ${index}`).toBe(record.id);
    }
    expect(store.apiKeys.authenticate(`${keys[0]}x`)).toBeNull();
  });

  it("notes a key's use at most once a minute, and refuses it once revoked", () => {
    const { store, company } = openTestStore();
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = Date.parse("2030-01-01T00:00:00Z");
    vi.setSystemTime(start);
    const { key, record } = store.apiKeys.create(company.id, "backend");
    expect(record).toMatchObject({ last_used_at: null, revoked_at: null });
    expect(store.apiKeys.authenticate(key)?.last_used_at).toBe(new Date(start).toISOString());
    vi.setSystemTime(start + 60_000);
    expect(store.apiKeys.get(record.id)?.last_used_at).toBe(new Date(start).toISOString());
    expect(store.apiKeys.authenticate(key)?.last_used_at).toBe(new Date(start).toISOString());
    vi.setSystemTime(start + 60_001);
    expect(store.apiKeys.authenticate(key)?.last_used_at).toBe(
      new Date(start + 60_001).toISOString(),
    );
    expect(store.apiKeys.list(company.id).map((listed) => listed.id)).toEqual([record.id]);
    store.apiKeys.revoke(record.id);
    expect(store.apiKeys.get(record.id)?.revoked_at).not.toBeNull();
    expect(store.apiKeys.authenticate(key)).toBeNull();
  });
});

import { createHash, randomBytes } from "node:crypto";
import { newId } from "../ids.ts";
import type { Db, Synchronous } from "./database.ts";
import type { ApiKeyRepository } from "./interface.ts";
import type { ApiKeyRecord } from "./records.ts";
import { type Row, toApiKey } from "./rows.ts";

/** Keys are 192 random bits, so a plain SHA-256 is enough to store them safely. */
export const hashApiKey = (key: string) => createHash("sha256").update(key).digest("hex");

/** A new key in clear, with what is stored of it: a prefix to tell keys apart, and a hash. */
export function newApiKey() {
  const key = `sk_test_${randomBytes(24).toString("base64url")}`;
  return { key, prefix: key.slice(0, 12), hash: hashApiKey(key) };
}

/** Whether a key last used at `lastUsedAt` should have its use noted again (once a minute). */
export const isUseWorthNoting = (lastUsedAt: string | null, now: Date) =>
  now.getTime() - (lastUsedAt ? Date.parse(lastUsedAt) : 0) > 60_000;

export class ApiKeyStore implements Synchronous<ApiKeyRepository> {
  constructor(private readonly db: Db) {}

  /** Creates a key; the returned `key` is the only time it exists in clear. */
  create(companyId: string, name: string): { key: string; record: ApiKeyRecord } {
    const { key, prefix, hash } = newApiKey();
    const id = newId("key");
    this.db
      .prepare(
        "INSERT INTO api_keys (id, company_id, name, prefix, key_hash) VALUES (?, ?, ?, ?, ?)",
      )
      .run(id, companyId, name, prefix, hash);
    return { key, record: this.get(id)! };
  }

  get(id: string): ApiKeyRecord | null {
    const row = this.db.prepare("SELECT * FROM api_keys WHERE id = ?").get(id) as Row | undefined;
    return row ? toApiKey(row) : null;
  }

  /** The live key matching `key`, or null. Notes the use, at most once a minute per key. */
  authenticate(key: string): ApiKeyRecord | null {
    const row = this.db
      .prepare("SELECT * FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL")
      .get(hashApiKey(key)) as Row | undefined;
    if (!row) return null;
    const now = new Date();
    if (isUseWorthNoting(row.last_used_at as string | null, now)) {
      this.db
        .prepare("UPDATE api_keys SET last_used_at = ? WHERE id = ?")
        .run(now.toISOString(), row.id);
      row.last_used_at = now.toISOString();
    }
    return toApiKey(row);
  }

  list(companyId: string): ApiKeyRecord[] {
    return (
      this.db
        .prepare("SELECT * FROM api_keys WHERE company_id = ? ORDER BY created_at, rowid")
        .all(companyId) as Row[]
    ).map(toApiKey);
  }

  revoke(id: string): void {
    this.db
      .prepare(
        `UPDATE api_keys SET revoked_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE id = ? AND revoked_at IS NULL`,
      )
      .run(id);
  }
}

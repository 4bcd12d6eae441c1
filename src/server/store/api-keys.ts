import { createHash, randomBytes } from "node:crypto";
import { newId } from "../ids.ts";
import type { Db } from "./database.ts";
import type { Row } from "./rows.ts";

export interface ApiKeyRecord {
  id: string;
  company_id: string;
  name: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

const toKey = (row: Row): ApiKeyRecord => ({
  id: row.id as string,
  company_id: row.company_id as string,
  name: row.name as string,
  prefix: row.prefix as string,
  created_at: row.created_at as string,
  last_used_at: (row.last_used_at as string | null) ?? null,
  revoked_at: (row.revoked_at as string | null) ?? null,
});

/** Keys are 192 random bits, so a plain SHA-256 is enough to store them safely. */
export const hashApiKey = (key: string) => createHash("sha256").update(key).digest("hex");

export class ApiKeyStore {
  constructor(private readonly db: Db) {}

  /** Creates a key; the returned `key` is the only time it exists in clear. */
  create(companyId: string, name: string): { key: string; record: ApiKeyRecord } {
    const key = `sk_test_${randomBytes(24).toString("base64url")}`;
    const id = newId("key");
    this.db
      .prepare(
        "INSERT INTO api_keys (id, company_id, name, prefix, key_hash) VALUES (?, ?, ?, ?, ?)",
      )
      .run(id, companyId, name, key.slice(0, 12), hashApiKey(key));
    return { key, record: this.get(id)! };
  }

  get(id: string): ApiKeyRecord | null {
    const row = this.db.prepare("SELECT * FROM api_keys WHERE id = ?").get(id) as Row | undefined;
    return row ? toKey(row) : null;
  }

  /** The live key matching `key`, or null. Notes the use, at most once a minute per key. */
  authenticate(key: string): ApiKeyRecord | null {
    const row = this.db
      .prepare("SELECT * FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL")
      .get(hashApiKey(key)) as Row | undefined;
    if (!row) return null;
    const now = new Date();
    const last = row.last_used_at ? Date.parse(row.last_used_at as string) : 0;
    if (now.getTime() - last > 60_000) {
      this.db
        .prepare("UPDATE api_keys SET last_used_at = ? WHERE id = ?")
        .run(now.toISOString(), row.id);
      row.last_used_at = now.toISOString();
    }
    return toKey(row);
  }

  list(companyId: string): ApiKeyRecord[] {
    return (
      this.db
        .prepare("SELECT * FROM api_keys WHERE company_id = ? ORDER BY created_at, rowid")
        .all(companyId) as Row[]
    ).map(toKey);
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

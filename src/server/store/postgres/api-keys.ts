import { newId } from "../../ids.ts";
import { hashApiKey, isUseWorthNoting, newApiKey } from "../api-keys.ts";
import type { ApiKeyRepository } from "../interface.ts";
import type { ApiKeyRecord } from "../records.ts";
import { toApiKey } from "../rows.ts";
import type { Sql } from "./sql.ts";

export class PgApiKeys implements ApiKeyRepository {
  constructor(private readonly sql: Sql) {}

  /** Creates a key; the returned `key` is the only time it exists in clear. */
  async create(companyId: string, name: string) {
    const { key, prefix, hash } = newApiKey();
    const row = await this.sql.row(
      `INSERT INTO api_keys (id, company_id, name, prefix, key_hash) VALUES ($1, $2, $3, $4, $5)
       RETURNING *`,
      [newId("key"), companyId, name, prefix, hash],
    );
    return { key, record: toApiKey(row!) };
  }

  async get(id: string): Promise<ApiKeyRecord | null> {
    const row = await this.sql.row("SELECT * FROM api_keys WHERE id = $1", [id]);
    return row ? toApiKey(row) : null;
  }

  /** The live key matching `key`, or null. Notes the use, at most once a minute per key. */
  async authenticate(key: string): Promise<ApiKeyRecord | null> {
    const row = await this.sql.row(
      "SELECT * FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL",
      [hashApiKey(key)],
    );
    if (!row) return null;
    const now = new Date();
    if (isUseWorthNoting(row.last_used_at as string | null, now)) {
      row.last_used_at = now.toISOString();
      await this.sql.run("UPDATE api_keys SET last_used_at = $1 WHERE id = $2", [
        row.last_used_at,
        row.id,
      ]);
    }
    return toApiKey(row);
  }

  async list(companyId: string): Promise<ApiKeyRecord[]> {
    const rows = await this.sql.rows(
      "SELECT * FROM api_keys WHERE company_id = $1 ORDER BY created_at, seq",
      [companyId],
    );
    return rows.map(toApiKey);
  }

  async revoke(id: string): Promise<void> {
    await this.sql.run(
      "UPDATE api_keys SET revoked_at = iso_now() WHERE id = $1 AND revoked_at IS NULL",
      [id],
    );
  }
}

import { newId } from "../../ids.ts";
import type { EntryRepository } from "../interface.ts";
import type { EntryRecord } from "../records.ts";
import { toEntry } from "../rows.ts";
import type { Sql } from "./sql.ts";

export class PgEntries implements EntryRepository {
  constructor(private readonly sql: Sql) {}

  /** One entry per email per plan: a second request returns the first, `created: false`. */
  async create(input: Parameters<EntryRepository["create"]>[0]) {
    const email = input.email.toLowerCase();
    const inserted = await this.sql.row(
      `INSERT INTO entries (id, plan_id, session_id, kind, email, custom_fields)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (plan_id, email) DO NOTHING RETURNING *`,
      [
        newId("entry"),
        input.plan_id,
        input.session_id,
        input.kind,
        email,
        JSON.stringify(input.custom_fields),
      ],
    );
    if (inserted) return { entry: toEntry(inserted), created: true };
    const row = await this.sql.row("SELECT * FROM entries WHERE plan_id = $1 AND email = $2", [
      input.plan_id,
      email,
    ]);
    return { entry: toEntry(row!), created: false };
  }

  async list(planId: string): Promise<EntryRecord[]> {
    const rows = await this.sql.rows(
      "SELECT * FROM entries WHERE plan_id = $1 ORDER BY created_at, seq",
      [planId],
    );
    return rows.map(toEntry);
  }
}

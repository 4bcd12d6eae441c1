import type { EntryView } from "../../protocol/index.ts";
import { newId } from "../ids.ts";
import type { Db, Synchronous } from "./database.ts";
import type { EntryRepository } from "./interface.ts";
import type { EntryRecord } from "./records.ts";
import { type Row, toEntry } from "./rows.ts";

export const toEntryView = (entry: EntryRecord): EntryView => ({
  id: entry.id,
  plan_id: entry.plan_id,
  kind: entry.kind,
  email: entry.email,
  created_at: entry.created_at,
});

export class EntryStore implements Synchronous<EntryRepository> {
  constructor(private readonly db: Db) {}

  /**
   * Adds the buyer to a waitlist or raffle. One entry per email per plan: a second request
   * returns the first entry unchanged with `created: false`.
   */
  create(input: {
    plan_id: string;
    session_id: string | null;
    kind: EntryRecord["kind"];
    email: string;
    custom_fields: Record<string, string>;
  }): { entry: EntryRecord; created: boolean } {
    const email = input.email.toLowerCase();
    const inserted = this.db
      .prepare(
        `INSERT INTO entries (id, plan_id, session_id, kind, email, custom_fields)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (plan_id, email) DO NOTHING`,
      )
      .run(
        newId("entry"),
        input.plan_id,
        input.session_id,
        input.kind,
        email,
        JSON.stringify(input.custom_fields),
      );
    const row = this.db
      .prepare("SELECT * FROM entries WHERE plan_id = ? AND email = ?")
      .get(input.plan_id, email) as Row;
    return { entry: toEntry(row), created: inserted.changes === 1 };
  }

  list(planId: string): EntryRecord[] {
    return (
      this.db
        .prepare("SELECT * FROM entries WHERE plan_id = ? ORDER BY created_at, rowid")
        .all(planId) as Row[]
    ).map(toEntry);
  }
}

import { newId } from "../ids.ts";
import type { Db, Synchronous } from "./database.ts";
import type { PromoRepository } from "./interface.ts";
import type { NewPromo, PromoRecord } from "./records.ts";
import { type Row, toPromo } from "./rows.ts";

/** Promo codes are unique per company and matched case-insensitively. */
export const normalizeCode = (code: string) => code.trim().toUpperCase();

export class PromoStore implements Synchronous<PromoRepository> {
  constructor(private readonly db: Db) {}

  find(companyId: string, code: string): PromoRecord | null {
    const row = this.db
      .prepare("SELECT * FROM promo_codes WHERE company_id = ? AND code = ?")
      .get(companyId, normalizeCode(code)) as Row | undefined;
    return row ? toPromo(row) : null;
  }

  get(id: string): PromoRecord | null {
    const row = this.db.prepare("SELECT * FROM promo_codes WHERE id = ?").get(id) as
      | Row
      | undefined;
    return row ? toPromo(row) : null;
  }

  list(companyId: string): PromoRecord[] {
    return (
      this.db
        .prepare("SELECT * FROM promo_codes WHERE company_id = ? ORDER BY created_at, rowid")
        .all(companyId) as Row[]
    ).map(toPromo);
  }

  /** Creates a code, or updates the one with the same company and code; keeps redemptions. */
  upsert(promo: NewPromo): PromoRecord {
    const values = {
      ...promo,
      id: promo.id ?? newId("promo"),
      code: normalizeCode(promo.code),
      plan_ids: JSON.stringify(promo.plan_ids),
    };
    this.db
      .prepare(
        `INSERT INTO promo_codes (id, company_id, code, percent_off, amount_off, currency,
           plan_ids, expires_at, max_redemptions)
         VALUES (@id, @company_id, @code, @percent_off, @amount_off, @currency, @plan_ids,
           @expires_at, @max_redemptions)
         ON CONFLICT (company_id, code) DO UPDATE SET percent_off = excluded.percent_off,
           amount_off = excluded.amount_off, currency = excluded.currency,
           plan_ids = excluded.plan_ids, expires_at = excluded.expires_at,
           max_redemptions = excluded.max_redemptions`,
      )
      .run(values);
    return this.find(promo.company_id, promo.code)!;
  }

  /** Takes one redemption; false when the code is used up (checked in the same statement). */
  redeem(id: string): boolean {
    return (
      this.db
        .prepare(
          `UPDATE promo_codes SET redemptions = redemptions + 1
           WHERE id = ? AND (max_redemptions IS NULL OR redemptions < max_redemptions)`,
        )
        .run(id).changes === 1
    );
  }
}

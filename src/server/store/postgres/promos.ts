import { newId } from "../../ids.ts";
import type { PromoRepository } from "../interface.ts";
import { normalizeCode } from "../promos.ts";
import type { NewPromo, PromoRecord } from "../records.ts";
import { toPromo } from "../rows.ts";
import type { Sql } from "./sql.ts";

export class PgPromos implements PromoRepository {
  constructor(private readonly sql: Sql) {}

  async find(companyId: string, code: string): Promise<PromoRecord | null> {
    const row = await this.sql.row(
      "SELECT * FROM promo_codes WHERE company_id = $1 AND code = $2",
      [companyId, normalizeCode(code)],
    );
    return row ? toPromo(row) : null;
  }

  async get(id: string): Promise<PromoRecord | null> {
    const row = await this.sql.row("SELECT * FROM promo_codes WHERE id = $1", [id]);
    return row ? toPromo(row) : null;
  }

  async list(companyId: string): Promise<PromoRecord[]> {
    const rows = await this.sql.rows(
      "SELECT * FROM promo_codes WHERE company_id = $1 ORDER BY created_at, seq",
      [companyId],
    );
    return rows.map(toPromo);
  }

  /** Creates a code, or updates the one with the same company and code; keeps redemptions. */
  async upsert(promo: NewPromo): Promise<PromoRecord> {
    const row = await this.sql.row(
      `INSERT INTO promo_codes (id, company_id, code, percent_off, amount_off, currency,
         plan_ids, expires_at, max_redemptions)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (company_id, code) DO UPDATE SET percent_off = excluded.percent_off,
         amount_off = excluded.amount_off, currency = excluded.currency,
         plan_ids = excluded.plan_ids, expires_at = excluded.expires_at,
         max_redemptions = excluded.max_redemptions
       RETURNING *`,
      [
        promo.id ?? newId("promo"),
        promo.company_id,
        normalizeCode(promo.code),
        promo.percent_off,
        promo.amount_off,
        promo.currency,
        JSON.stringify(promo.plan_ids),
        promo.expires_at,
        promo.max_redemptions,
      ],
    );
    return toPromo(row!);
  }

  /** Takes one redemption; false when the code is used up (checked in the same statement). */
  async redeem(id: string): Promise<boolean> {
    const changed = await this.sql.run(
      `UPDATE promo_codes SET redemptions = redemptions + 1
       WHERE id = $1 AND (max_redemptions IS NULL OR redemptions < max_redemptions)`,
      [id],
    );
    return changed === 1;
  }
}

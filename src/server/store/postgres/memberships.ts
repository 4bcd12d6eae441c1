import type { MembershipRepository } from "../interface.ts";
import { membershipColumns } from "../memberships.ts";
import type { MembershipRecord, PlanRecord } from "../records.ts";
import { toMembership } from "../rows.ts";
import { insertRow, type Sql, type Statement } from "./sql.ts";

/** What a buyer holds after a succeeded payment: access, a trial, renewal and expiry dates. */
export class PgMemberships implements MembershipRepository {
  constructor(private readonly sql: Sql) {}

  async getMembership(id: string): Promise<MembershipRecord | null> {
    const row = await this.sql.row("SELECT * FROM memberships WHERE id = $1", [id]);
    return row ? toMembership(row) : null;
  }

  /** A company's memberships, newest first, optionally for one plan or email. */
  async listMemberships(
    companyId: string,
    filter: { plan_id?: string; email?: string; limit?: number } = {},
  ): Promise<MembershipRecord[]> {
    const rows = await this.sql.rows(
      `SELECT m.* FROM memberships m JOIN plans pl ON pl.id = m.plan_id
       JOIN products pr ON pr.id = pl.product_id
       WHERE pr.company_id = $1
         AND ($2::text IS NULL OR m.plan_id = $2)
         AND ($3::text IS NULL OR m.email = $3)
       ORDER BY m.created_at DESC, m.seq DESC LIMIT $4`,
      [companyId, filter.plan_id ?? null, filter.email ?? null, filter.limit ?? 100],
    );
    return rows.map(toMembership);
  }
}

/**
 * Writes the membership a succeeded payment grants (`toMembership` reads the row it returns):
 * for `Sql.together`, beside the payment's other writes.
 */
export const membershipWrite = (plan: PlanRecord, paymentId: string, email: string): Statement =>
  insertRow("memberships", membershipColumns(plan, paymentId, email));

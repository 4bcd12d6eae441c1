import { newId } from "../ids.ts";
import type { Db, Synchronous } from "./database.ts";
import type { MembershipRepository } from "./interface.ts";
import type { MembershipRecord, PlanRecord } from "./records.ts";
import { type Row, toMembership } from "./rows.ts";

const DAY_MS = 86_400_000;

/** The status and dates of the membership granted by buying `plan` at `now`. */
function membershipTerms(plan: PlanRecord, now = Date.now()) {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  const trialEnds = plan.trial_period_days ? now + plan.trial_period_days * DAY_MS : null;
  const renews =
    plan.plan_type === "renewal" && plan.billing_period
      ? (trialEnds ?? now) + plan.billing_period * DAY_MS
      : null;
  const expires = plan.expiration_days ? now + plan.expiration_days * DAY_MS : null;
  return {
    status: trialEnds ? ("trialing" as const) : ("active" as const),
    renews_at: iso(renews),
    trial_ends_at: iso(trialEnds),
    expires_at: iso(expires),
  };
}

/**
 * The columns of the membership a succeeded payment of `plan` grants, named as the table names
 * them (both engines insert exactly these).
 */
export const membershipColumns = (plan: PlanRecord, paymentId: string, email: string) => ({
  id: newId("mem"),
  plan_id: plan.id,
  payment_id: paymentId,
  email,
  ...membershipTerms(plan),
});

/** What a buyer holds after a succeeded payment: access, a trial, renewal and expiry dates. */
export class MembershipStore implements Synchronous<MembershipRepository> {
  constructor(private readonly db: Db) {}

  /** The membership a succeeded payment grants; called inside the payment's transaction. */
  create(plan: PlanRecord, paymentId: string, email: string): MembershipRecord {
    const columns = membershipColumns(plan, paymentId, email);
    const written = this.db
      .prepare(
        `INSERT INTO memberships (id, plan_id, payment_id, email, status, renews_at,
           trial_ends_at, expires_at) VALUES (@id, @plan_id, @payment_id, @email, @status,
           @renews_at, @trial_ends_at, @expires_at) RETURNING created_at`,
      )
      .get(columns) as Row;
    // Only what the database fills in comes back (see PaymentStore.writePayment).
    return toMembership(Object.assign(columns, written));
  }

  getMembership(id: string): MembershipRecord | null {
    const row = this.db.prepare("SELECT * FROM memberships WHERE id = ?").get(id) as
      | Row
      | undefined;
    return row ? toMembership(row) : null;
  }

  /** A company's memberships, newest first, optionally for one plan or email. */
  listMemberships(
    companyId: string,
    filter: { plan_id?: string; email?: string; limit?: number } = {},
  ): MembershipRecord[] {
    return (
      this.db
        .prepare(
          `SELECT m.* FROM memberships m JOIN plans pl ON pl.id = m.plan_id
           JOIN products pr ON pr.id = pl.product_id
           WHERE pr.company_id = @company_id
             AND (@plan_id IS NULL OR m.plan_id = @plan_id)
             AND (@email IS NULL OR m.email = @email)
           ORDER BY m.created_at DESC, m.rowid DESC LIMIT @limit`,
        )
        .all({
          company_id: companyId,
          plan_id: filter.plan_id ?? null,
          email: filter.email ?? null,
          limit: filter.limit ?? 100,
        }) as Row[]
    ).map(toMembership);
  }
}

import type { ReceiptEmailStatus } from "../../../protocol/index.ts";
import type { ReceiptOutbox } from "../interface.ts";
import { type NewReceiptEmail, SUMMARY_COLUMNS } from "../receipts.ts";
import type { ReceiptEmailRecord, ReceiptEmailSummary } from "../records.ts";
import { toReceiptEmail, toReceiptEmailSummary } from "../rows.ts";
import type { Sql, Statement } from "./sql.ts";

/** The durable outbox of receipt emails, sent by receipts/sender.ts (as ../receipts.ts). */
export class PgReceipts implements ReceiptOutbox {
  constructor(private readonly sql: Sql) {}

  /**
   * Claims up to `limit` due emails for `leaseMs` in one statement; SKIP LOCKED and the lease
   * keep each email with one instance at a time, as webhook deliveries are (webhooks.ts).
   */
  async claimDue(limit: number, leaseMs: number, now = Date.now()): Promise<ReceiptEmailRecord[]> {
    const rows = await this.sql.rows(
      `UPDATE receipt_emails SET locked_until = $2
       WHERE receipt_id IN (
         SELECT receipt_id FROM receipt_emails
         WHERE status = 'pending' AND next_attempt_at <= $1
           AND (locked_until IS NULL OR locked_until <= $1)
         ORDER BY next_attempt_at, seq LIMIT $3
         FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [now, now + leaseMs, limit],
    );
    return rows
      .sort((a, b) => (a.next_attempt_at as number) - (b.next_attempt_at as number))
      .map(toReceiptEmail);
  }

  async markSent(receiptId: string): Promise<void> {
    await this.sql.run(
      `UPDATE receipt_emails SET status = 'sent', attempts = attempts + 1, last_error = NULL,
         locked_until = NULL, sent_at = iso_now()
       WHERE receipt_id = $1`,
      [receiptId],
    );
  }

  /** Records a failed attempt; `retryAt` null gives up on the email. */
  async markAttemptFailed(
    receiptId: string,
    result: { error: string; retryAt: number | null },
  ): Promise<void> {
    await this.sql.run(
      `UPDATE receipt_emails SET attempts = attempts + 1, last_error = $1, locked_until = NULL,
         status = CASE WHEN $2::bigint IS NULL THEN 'failed' ELSE 'pending' END,
         next_attempt_at = COALESCE($2::bigint, next_attempt_at)
       WHERE receipt_id = $3`,
      [result.error.slice(0, 500), result.retryAt, receiptId],
    );
  }

  async get(receiptId: string): Promise<ReceiptEmailRecord | null> {
    const row = await this.sql.row("SELECT * FROM receipt_emails WHERE receipt_id = $1", [
      receiptId,
    ]);
    return row ? toReceiptEmail(row) : null;
  }

  /** Newest first, optionally of one company or in one status. */
  async list(
    filter: { company_id?: string; status?: ReceiptEmailStatus } = {},
    limit = 100,
  ): Promise<ReceiptEmailSummary[]> {
    const rows = await this.sql.rows(
      `SELECT ${SUMMARY_COLUMNS} FROM receipt_emails
       WHERE ($1::text IS NULL OR company_id = $1)
         AND ($2::text IS NULL OR status = $2)
       ORDER BY created_at DESC, seq DESC LIMIT $3`,
      [filter.company_id ?? null, filter.status ?? null, limit],
    );
    return rows.map(toReceiptEmailSummary);
  }
}

/** Writes a receipt's email: for `Sql.together`, beside the receipt it is about. */
export const receiptEmailWrite = (email: NewReceiptEmail): Statement => ({
  text: `INSERT INTO receipt_emails (receipt_id, company_id, recipient, sender_name, subject,
           facts, status, next_attempt_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING receipt_id`,
  params: [
    email.receipt_id,
    email.company_id,
    email.recipient,
    email.sender_name,
    email.subject,
    email.facts,
    email.status,
    email.next_attempt_at,
  ],
});

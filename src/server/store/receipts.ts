import type { ReceiptEmailStatus, ReceiptView } from "../../protocol/index.ts";
import { type ReceiptFacts, receiptSubject } from "../receipts/message.ts";
import type { Db, Synchronous } from "./database.ts";
import type { ReceiptOutbox } from "./interface.ts";
import type {
  PaymentDetails,
  PlanContext,
  ReceiptDelivery,
  ReceiptEmailRecord,
  ReceiptEmailSummary,
} from "./records.ts";
import { type Row, toReceipt, toReceiptEmail, toReceiptEmailSummary } from "./rows.ts";

/** What writing a receipt row gives back: the rest of its view comes from its payment and email. */
export type WrittenReceipt = Pick<ReceiptView, "id" | "created_at">;

/** A receipt email row about to be written, with its columns' names. */
export interface NewReceiptEmail {
  receipt_id: string;
  company_id: string;
  recipient: string;
  sender_name: string;
  subject: string;
  /**
   * What the email states (`ReceiptFacts`), as JSON: its bodies are composed from it, the same
   * way each time, when it is sent or shown (`toReceiptEmail`), rather than kept.
   */
  facts: string;
  status: "pending" | "held";
  next_attempt_at: number;
}

/** The email of a new receipt: its facts are fixed now, so what is kept is what is sent. */
export function newReceiptEmail(
  context: PlanContext,
  payment: PaymentDetails,
  receipt: WrittenReceipt,
  delivery: ReceiptDelivery,
  now = Date.now(),
): NewReceiptEmail {
  const facts: ReceiptFacts = {
    receipt_id: receipt.id,
    payment_id: payment.id,
    created_at: receipt.created_at,
    amount: payment.amount,
    currency: payment.currency,
    card_brand: payment.card_brand,
    card_last4: payment.card_last4,
    company_title: context.company.title,
    product_title: context.product.title,
    plan_description: context.plan.description,
    trial: !!context.plan.trial_period_days && payment.amount === 0,
  };
  return {
    receipt_id: receipt.id,
    company_id: context.company.id,
    recipient: payment.email,
    sender_name: context.company.title,
    subject: receiptSubject(facts),
    facts: JSON.stringify(facts),
    status: delivery === "send" ? "pending" : "held",
    next_attempt_at: now,
  };
}

/**
 * A receipt just written, with its email: what `RECEIPT_SELECT` would read back, built from
 * the rows as they were written instead (no read inside the payment's transaction).
 */
export const writtenReceipt = (
  receipt: WrittenReceipt,
  payment: PaymentDetails,
  email: NewReceiptEmail,
): ReceiptView =>
  toReceipt({
    id: receipt.id,
    created_at: receipt.created_at,
    payment_id: payment.id,
    amount: payment.amount,
    currency: payment.currency,
    email: payment.email,
    email_status: email.status,
  });

/** A receipt with what its payment and its email say (rows.ts `toReceipt`). */
export const RECEIPT_SELECT = `SELECT r.id, r.payment_id, r.created_at, p.amount, p.currency,
    p.email, e.status AS email_status
  FROM receipts r JOIN payments p ON p.id = r.payment_id
  LEFT JOIN receipt_emails e ON e.receipt_id = r.id`;

/** The columns of a listing: everything but the bodies. */
export const SUMMARY_COLUMNS = `receipt_id, company_id, recipient, sender_name, subject, status, attempts,
  next_attempt_at, last_error, sent_at, created_at`;

/** The durable outbox of receipt emails, sent by receipts/sender.ts. */
export class ReceiptStore implements Synchronous<ReceiptOutbox> {
  constructor(private readonly db: Db) {}

  /** Writes a receipt's email; call it in the transaction that writes the receipt. */
  enqueue(email: NewReceiptEmail): void {
    this.db
      .prepare(
        `INSERT INTO receipt_emails (receipt_id, company_id, recipient, sender_name, subject,
           facts, status, next_attempt_at)
         VALUES (@receipt_id, @company_id, @recipient, @sender_name, @subject, @facts, @status,
           @next_attempt_at)`,
      )
      .run(email);
  }

  /** Claims up to `limit` due emails for `leaseMs`: at-least-once, like webhook deliveries. */
  claimDue(limit: number, leaseMs: number, now = Date.now()): ReceiptEmailRecord[] {
    return this.db.transaction(() => {
      const rows = this.db
        .prepare(
          `SELECT * FROM receipt_emails
           WHERE status = 'pending' AND next_attempt_at <= ?
             AND (locked_until IS NULL OR locked_until <= ?)
           ORDER BY next_attempt_at, rowid LIMIT ?`,
        )
        .all(now, now, limit) as Row[];
      const lock = this.db.prepare(
        "UPDATE receipt_emails SET locked_until = ? WHERE receipt_id = ?",
      );
      for (const row of rows) lock.run(now + leaseMs, row.receipt_id);
      return rows.map(toReceiptEmail);
    })();
  }

  markSent(receiptId: string): void {
    this.db
      .prepare(
        `UPDATE receipt_emails SET status = 'sent', attempts = attempts + 1, last_error = NULL,
           locked_until = NULL, sent_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE receipt_id = ?`,
      )
      .run(receiptId);
  }

  /** Records a failed attempt; `retryAt` null gives up on the email. */
  markAttemptFailed(receiptId: string, result: { error: string; retryAt: number | null }): void {
    this.db
      .prepare(
        `UPDATE receipt_emails SET attempts = attempts + 1, last_error = ?, locked_until = NULL,
           status = CASE WHEN ? IS NULL THEN 'failed' ELSE 'pending' END,
           next_attempt_at = COALESCE(?, next_attempt_at)
         WHERE receipt_id = ?`,
      )
      .run(result.error.slice(0, 500), result.retryAt, result.retryAt, receiptId);
  }

  get(receiptId: string): ReceiptEmailRecord | null {
    const row = this.db
      .prepare("SELECT * FROM receipt_emails WHERE receipt_id = ?")
      .get(receiptId) as Row | undefined;
    return row ? toReceiptEmail(row) : null;
  }

  /** Newest first, optionally of one company or in one status. */
  list(
    filter: { company_id?: string; status?: ReceiptEmailStatus } = {},
    limit = 100,
  ): ReceiptEmailSummary[] {
    return (
      this.db
        .prepare(
          `SELECT ${SUMMARY_COLUMNS} FROM receipt_emails
           WHERE (@company_id IS NULL OR company_id = @company_id)
             AND (@status IS NULL OR status = @status)
           ORDER BY created_at DESC, rowid DESC LIMIT @limit`,
        )
        .all({
          company_id: filter.company_id ?? null,
          status: filter.status ?? null,
          limit,
        }) as Row[]
    ).map(toReceiptEmailSummary);
  }
}

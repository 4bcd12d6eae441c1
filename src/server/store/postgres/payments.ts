import type { PaymentView, ReceiptView } from "../../../protocol/index.ts";
import { newId } from "../../ids.ts";
import type { PaymentRepository } from "../interface.ts";
import { challengeFailure, paymentColumns, Refused } from "../payments.ts";
import {
  newReceiptEmail,
  RECEIPT_SELECT,
  type WrittenReceipt,
  writtenReceipt,
} from "../receipts.ts";
import type {
  NewPayment,
  PaymentDetails,
  PlanContext,
  PlanRecord,
  PromoRecord,
  ReceiptDelivery,
  RecordedPayment,
  SettledChallenge,
  StoredResponse,
} from "../records.ts";
import { toPayment, toPaymentDetails, toReceipt, toStoredResponse } from "../rows.ts";
import { PgCatalog } from "./catalog.ts";
import { PgMemberships } from "./memberships.ts";
import { PgPromos } from "./promos.ts";
import { PgReceipts } from "./receipts.ts";
import { LOCKS, type Sql } from "./sql.ts";
import { PgWebhooks } from "./webhooks.ts";

/**
 * Payments and what a payment creates (receipt, membership, webhook events), and the stored
 * answers of idempotent requests. Every multi-row write is one transaction, or a savepoint of
 * the caller's, so a crash leaves either all of a payment or none of it.
 */
export class PgPayments implements PaymentRepository {
  constructor(private readonly sql: Sql) {}

  /** As `PaymentStore.recordPayment` (../payments.ts): all of a payment, or nothing. */
  async recordPayment(input: NewPayment): Promise<RecordedPayment> {
    try {
      return await this.sql.atomic(async (sql): Promise<RecordedPayment> => {
        const { context } = input;
        const paymentId = newId("pay");
        const challengeId = input.status === "requires_action" ? newId("chal") : null;
        if (input.status === "succeeded") await takeStockAndPromo(sql, context.plan, input.promo);
        // Column names come from paymentColumns' own keys; every value is a parameter.
        const columns = Object.entries(paymentColumns(input, paymentId, challengeId));
        const row = await sql.row(
          `INSERT INTO payments (${columns.map(([name]) => name).join(", ")})
           VALUES (${columns.map((_, index) => `$${index + 1}`).join(", ")}) RETURNING *`,
          columns.map(([, value]) => value),
        );
        const payment = toPayment(row!);
        if (challengeId) return { ok: "challenge", payment, challenge_id: challengeId };
        if (input.status === "failed") {
          await new PgWebhooks(sql).enqueue(
            context.company.id,
            "payment.failed",
            toPaymentDetails(row!),
          );
          return { ok: false, reason: "declined", payment };
        }
        const receipt = await new PgPayments(sql).fulfil(
          context,
          toPaymentDetails(row!),
          input.receipt_email,
        );
        return { ok: true, payment, receipt };
      });
    } catch (error) {
      if (error instanceof Refused) return { ok: false, reason: error.reason };
      throw error;
    }
  }

  /** As `PaymentStore.settleChallenge`; the payment row is locked, so it settles once. */
  async settleChallenge(
    paymentId: string,
    outcome: "approve" | "fail",
    receiptEmail: ReceiptDelivery = "hold",
  ): Promise<SettledChallenge> {
    return this.sql.atomic(async (sql): Promise<SettledChallenge> => {
      const row = await sql.row("SELECT * FROM payments WHERE id = $1 FOR UPDATE", [paymentId]);
      if (!row) return { kind: "not_found" };
      const payment = toPaymentDetails(row);
      if (!row.challenge_id) return { kind: "no_challenge", payment };
      if (row.status !== "requires_action") {
        return {
          kind: "already_settled",
          outcome: row.challenge_outcome as "approve" | "fail",
          payment,
        };
      }
      const context = (await new PgCatalog(sql).getPlanContext(payment.plan_id))!;
      const companyId = context.company.id;
      const promo = row.promo_code_id
        ? await new PgPromos(sql).get(row.promo_code_id as string)
        : null;
      let failure = challengeFailure(payment.created_at, outcome);
      if (!failure) {
        // A savepoint: a refusal undoes only the stock or promo taken, and the payment is
        // still settled, as failed.
        try {
          await sql.atomic((inner) => takeStockAndPromo(inner, context.plan, promo));
        } catch (error) {
          if (!(error instanceof Refused)) throw error;
          failure = error.reason;
        }
      }
      const settled = await sql.row(
        `UPDATE payments SET status = $1, failure_code = $2, challenge_outcome = $3,
           updated_at = iso_now() WHERE id = $4 RETURNING *`,
        [failure ? "failed" : "succeeded", failure, outcome, paymentId],
      );
      const settledPayment = toPaymentDetails(settled!);
      if (failure) {
        await new PgWebhooks(sql).enqueue(companyId, "payment.failed", settledPayment);
      } else {
        await new PgPayments(sql).fulfil(context, settledPayment, receiptEmail);
      }
      return { kind: "settled", payment: settledPayment };
    });
  }

  /**
   * Writes the receipt and its email, the membership and their webhook events for a succeeded
   * payment.
   */
  private async fulfil(
    context: PlanContext,
    payment: PaymentDetails,
    receiptEmail: ReceiptDelivery,
  ): Promise<ReceiptView> {
    const receipt = (await this.sql.row(
      "INSERT INTO receipts (id, payment_id) VALUES ($1, $2) RETURNING id, created_at",
      [newId("r"), payment.id],
    )) as WrittenReceipt;
    const email = newReceiptEmail(context, payment, receipt, receiptEmail);
    await new PgReceipts(this.sql).enqueue(email);
    const membership = await new PgMemberships(this.sql).create(
      context.plan,
      payment.id,
      payment.email,
    );
    const webhooks = new PgWebhooks(this.sql);
    await webhooks.enqueue(context.company.id, "payment.succeeded", payment);
    await webhooks.enqueue(context.company.id, "membership.created", membership);
    return writtenReceipt(receipt, payment, email);
  }

  async getPayment(id: string): Promise<PaymentView | null> {
    const row = await this.sql.row("SELECT * FROM payments WHERE id = $1", [id]);
    return row ? toPayment(row) : null;
  }

  async getPaymentDetails(id: string): Promise<PaymentDetails | null> {
    const row = await this.sql.row("SELECT * FROM payments WHERE id = $1", [id]);
    return row ? toPaymentDetails(row) : null;
  }

  /** A company's (or, for null, every) payments, newest first, optionally for one plan or status. */
  async listCompanyPayments(
    companyId: string | null,
    filter: { plan_id?: string; status?: string; limit?: number } = {},
  ): Promise<PaymentDetails[]> {
    const rows = await this.sql.rows(
      `SELECT p.* FROM payments p JOIN plans pl ON pl.id = p.plan_id
       JOIN products pr ON pr.id = pl.product_id
       WHERE ($1::text IS NULL OR pr.company_id = $1)
         AND ($2::text IS NULL OR p.plan_id = $2)
         AND ($3::text IS NULL OR p.status = $3)
       ORDER BY p.created_at DESC, p.seq DESC LIMIT $4`,
      [companyId, filter.plan_id ?? null, filter.status ?? null, filter.limit ?? 100],
    );
    return rows.map(toPaymentDetails);
  }

  async getReceipt(id: string): Promise<ReceiptView | null> {
    const row = await this.sql.row(`${RECEIPT_SELECT} WHERE r.id = $1`, [id]);
    return row ? toReceipt(row) : null;
  }

  async getReceiptForPayment(paymentId: string): Promise<ReceiptView | null> {
    const row = await this.sql.row(`${RECEIPT_SELECT} WHERE r.payment_id = $1`, [paymentId]);
    return row ? toReceipt(row) : null;
  }

  /**
   * Inside a transaction, first takes the key's advisory lock, held until the transaction
   * ends: a concurrent request with the same key, on any instance, waits here until the first
   * has stored its answer, then reads it. The lock is named by the key alone, as the previous
   * release names it, so instances of both releases exclude each other during a rolling
   * release; two companies' requests with one key merely wait their turn.
   */
  async getStoredResponse(companyId: string, key: string): Promise<StoredResponse | null> {
    if (this.sql.inTransaction) {
      await this.sql.run("SELECT pg_advisory_xact_lock($1, hashtext($2))", [
        LOCKS.idempotencyKey,
        key,
      ]);
    }
    const row = await this.sql.row(
      "SELECT * FROM idempotency_keys WHERE company_id = $1 AND key = $2",
      [companyId, key],
    );
    return row ? toStoredResponse(row) : null;
  }

  /** Stores the first answer for the company's `key`; a second store for the same key throws. */
  async storeResponse(companyId: string, key: string, value: StoredResponse): Promise<void> {
    await this.sql.run(
      `INSERT INTO idempotency_keys (company_id, key, request_hash, status_code, response,
         created_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        companyId,
        key,
        value.request_hash,
        value.status_code,
        JSON.stringify(value.response),
        value.created_at,
      ],
    );
  }

  async deleteStoredResponsesBefore(cutoff: string): Promise<number> {
    return this.sql.run("DELETE FROM idempotency_keys WHERE created_at < $1", [cutoff]);
  }
}

/**
 * Takes one unit of stock and one promo redemption, or throws `Refused` (rolling back). Each
 * is a single conditional UPDATE, so stock never goes below zero nor a promo over its limit,
 * however many instances sell at once: PostgreSQL re-checks the condition on the row it locks.
 */
async function takeStockAndPromo(
  sql: Sql,
  plan: PlanRecord,
  promo: PromoRecord | null | undefined,
): Promise<void> {
  if (!plan.unlimited_stock) {
    const taken = await sql.run(
      "UPDATE plans SET stock = stock - 1 WHERE id = $1 AND stock > 0 RETURNING stock",
      [plan.id],
    );
    if (taken === 0) throw new Refused("sold_out");
  }
  if (promo && !(await new PgPromos(sql).redeem(promo.id))) throw new Refused("promo_used_up");
}

import type { PaymentView, ReceiptView } from "../../../protocol/index.ts";
import { newId } from "../../ids.ts";
import type { PaymentRepository } from "../interface.ts";
import { challengeFailure, challengeState, paymentColumns, Refused } from "../payment-rules.ts";
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
import {
  type Row,
  toEndpoint,
  toMembership,
  toPayment,
  toPaymentDetails,
  toReceipt,
  toStoredResponse,
} from "../rows.ts";
import { PgCatalog } from "./catalog.ts";
import { membershipWrite } from "./memberships.ts";
import { PgPromos } from "./promos.ts";
import { receiptEmailWrite } from "./receipts.ts";
import { insertRow, LOCKS, type Sql, type Statement } from "./sql.ts";
import { endpointsOf, eventWrites } from "./webhooks.ts";

/**
 * Payments and what a payment creates (receipt, membership, webhook events), and the stored
 * answers of idempotent requests. Every multi-row write is one transaction, or a savepoint of
 * the caller's, so a crash leaves either all of a payment or none of it.
 */
export class PgPayments implements PaymentRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * As `PaymentStore.recordPayment` (../payments.ts): all of a payment, or nothing. After the
   * stock and promo it takes (one round trip each), a success is `fulfil`'s two round trips, a
   * decline `writeFailed`'s two, a challenge one.
   */
  async recordPayment(input: NewPayment): Promise<RecordedPayment> {
    const { context } = input;
    const succeeded = input.status === "succeeded";
    // A refusal must undo what the payment wrote before it. The stock and the promo are taken
    // first, and a refused update changes nothing, so only a payment taking both needs a
    // savepoint of its own (two round trips), for the promo's refusal to give the stock back.
    // Any other error is thrown on to the caller's transaction, which it fails: PostgreSQL
    // refuses every later statement of a transaction with a failed one, and `Sql.atomic` rolls
    // back on any error its work throws.
    const takes = succeeded ? Number(!context.plan.unlimited_stock) + Number(!!input.promo) : 0;
    const write = <T>(work: (sql: Sql) => Promise<T>) =>
      takes > 1 ? this.sql.atomic(work) : this.sql.transactional(work);
    try {
      return await write(async (sql): Promise<RecordedPayment> => {
        const paymentId = newId("pay");
        const challengeId = input.status === "requires_action" ? newId("chal") : null;
        if (succeeded) await takeStockAndPromo(sql, context.plan, input.promo);
        // Column names come from paymentColumns' own keys; every value is a parameter.
        const insert = insertRow("payments", paymentColumns(input, paymentId, challengeId));
        if (challengeId) {
          const row = await sql.row(insert.text, insert.params);
          return { ok: "challenge", payment: toPayment(row!), challenge_id: challengeId };
        }
        if (!succeeded) {
          const row = await writeFailed(sql, context.company.id, insert);
          return { ok: false, reason: "declined", payment: toPayment(row) };
        }
        const { row, receipt } = await fulfil(
          sql,
          context,
          insert,
          { id: paymentId, email: input.email },
          input.receipt_email,
        );
        return { ok: true, payment: toPayment(row), receipt };
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
      const state = challengeState(row);
      if (state.kind !== "pending") return state;
      const { payment } = state;
      const context = (await new PgCatalog(sql).getPlanContext(payment.plan_id))!;
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
      const update: Statement = {
        text: `UPDATE payments SET status = $1, failure_code = $2, challenge_outcome = $3,
                 updated_at = iso_now() WHERE id = $4 RETURNING *`,
        params: [failure ? "failed" : "succeeded", failure, outcome, paymentId],
      };
      const settled = failure
        ? await writeFailed(sql, context.company.id, update)
        : (await fulfil(sql, context, update, payment, receiptEmail)).row;
      return { kind: "settled", payment: toPaymentDetails(settled) };
    });
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
   * release; two companies' requests with one key merely wait their turn. The sweep of expired
   * answers goes in the same statement (a data-modifying CTE runs whether or not it is read).
   * The answer is read by a statement of its own, whose snapshot is taken once the lock is held.
   */
  async getStoredResponse(
    companyId: string,
    key: string,
    expiredBefore?: string,
  ): Promise<StoredResponse | null> {
    // The parameter holding the cutoff is named by the caller.
    const sweep = (cutoff: string) => `DELETE FROM idempotency_keys WHERE created_at < ${cutoff}`;
    if (this.sql.inTransaction) {
      await this.sql.run(
        `${expiredBefore ? `WITH swept AS (${sweep("$3")}) ` : ""}
         SELECT pg_advisory_xact_lock($1, hashtext($2))`,
        [LOCKS.idempotencyKey, key, ...(expiredBefore ? [expiredBefore] : [])],
      );
    } else if (expiredBefore) {
      await this.sql.run(sweep("$1"), [expiredBefore]);
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

/**
 * Writes a succeeded payment (`write`: its INSERT, or the UPDATE settling its challenge, each
 * returning the row), its receipt, the receipt's email, the buyer's membership and the webhook
 * events announcing them, in two round trips: what needs no other row's values (the company's
 * endpoints read beside them), then what is made from those rows.
 */
async function fulfil(
  sql: Sql,
  context: PlanContext,
  write: Statement,
  payment: { id: string; email: string },
  receiptEmail: ReceiptDelivery,
): Promise<{ row: Row; receipt: ReceiptView }> {
  const companyId = context.company.id;
  const [[row], [receiptRow], [membershipRow], endpointRows] = await sql.together([
    write,
    {
      text: "INSERT INTO receipts (id, payment_id) VALUES ($1, $2) RETURNING id, created_at",
      params: [newId("r"), payment.id],
    },
    membershipWrite(context.plan, payment.id, payment.email),
    endpointsOf(companyId),
  ]);
  const details = toPaymentDetails(row!);
  const receipt = receiptRow as unknown as WrittenReceipt;
  const email = newReceiptEmail(context, details, receipt, receiptEmail);
  const endpoints = endpointRows.map(toEndpoint);
  const now = Date.now();
  await sql.together([
    receiptEmailWrite(email),
    ...eventWrites(companyId, "payment.succeeded", details, endpoints, now).statements,
    ...eventWrites(companyId, "membership.created", toMembership(membershipRow!), endpoints, now)
      .statements,
  ]);
  return { row: row!, receipt: writtenReceipt(receipt, details, email) };
}

/** Writes a failed payment (`write` returns its row) and its event, in two round trips. */
async function writeFailed(sql: Sql, companyId: string, write: Statement): Promise<Row> {
  const [[row], endpointRows] = await sql.together([write, endpointsOf(companyId)]);
  const event = eventWrites(
    companyId,
    "payment.failed",
    toPaymentDetails(row!),
    endpointRows.map(toEndpoint),
    Date.now(),
  );
  if (event.statements.length > 0) await sql.together(event.statements);
  return row!;
}

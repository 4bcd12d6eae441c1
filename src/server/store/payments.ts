import type { PaymentView, ReceiptView } from "../../protocol/index.ts";
import { newId } from "../ids.ts";
import type { CatalogStore } from "./catalog.ts";
import type { Db, Synchronous } from "./database.ts";
import type { PaymentRepository } from "./interface.ts";
import type { MembershipStore } from "./memberships.ts";
import { challengeFailure, challengeState, paymentColumns, Refused } from "./payment-rules.ts";
import type { PromoStore } from "./promos.ts";
import {
  newReceiptEmail,
  RECEIPT_SELECT,
  type ReceiptStore,
  type WrittenReceipt,
  writtenReceipt,
} from "./receipts.ts";
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
} from "./records.ts";
import { type Row, toPayment, toPaymentDetails, toReceipt, toStoredResponse } from "./rows.ts";
import type { WebhookStore } from "./webhooks.ts";

/**
 * Payments and what a payment creates: its challenge, its receipt, the buyer's membership (in
 * memberships.ts) and the webhook events announcing them; and the stored answers of idempotent
 * requests. Every multi-row write
 * runs in one SQLite transaction, so a crash leaves either all of a payment or none of it.
 */
export class PaymentStore implements Synchronous<PaymentRepository> {
  /**
   * The atomic writes, each made into a transaction function once: better-sqlite3 builds four
   * wrapper functions on every `db.transaction` call, which showed in a payment's CPU profile.
   * Inside an open transaction each runs as a savepoint.
   */
  private readonly atomically: {
    record: (input: NewPayment) => RecordedPayment;
    settle: (
      paymentId: string,
      outcome: "approve" | "fail",
      receiptEmail: ReceiptDelivery,
    ) => SettledChallenge;
    take: (plan: PlanRecord, promo: PromoRecord | null | undefined) => void;
  };

  constructor(
    private readonly db: Db,
    private readonly related: {
      catalog: CatalogStore;
      memberships: MembershipStore;
      promos: PromoStore;
      webhooks: WebhookStore;
      receipts: ReceiptStore;
    },
  ) {
    this.atomically = {
      record: db.transaction((input: NewPayment) => this.writePayment(input)),
      settle: db.transaction(
        (paymentId: string, outcome: "approve" | "fail", receiptEmail: ReceiptDelivery) =>
          this.writeSettlement(paymentId, outcome, receiptEmail),
      ),
      take: db.transaction((plan: PlanRecord, promo: PromoRecord | null | undefined) =>
        this.takeStockAndPromo(plan, promo),
      ),
    };
  }

  /**
   * Records a payment attempt atomically. A success takes one unit of stock and one promo
   * redemption (refusing, with nothing written, when none is left) and writes the payment, its
   * receipt, the buyer's membership and the webhook events; a decline writes the failed payment
   * and its event; a challenge writes the payment as `requires_action` and nothing else.
   */
  recordPayment(input: NewPayment): RecordedPayment {
    try {
      return this.atomically.record(input);
    } catch (error) {
      if (error instanceof Refused) return { ok: false, reason: error.reason };
      throw error;
    }
  }

  private writePayment(input: NewPayment): RecordedPayment {
    const { context } = input;
    const paymentId = newId("pay");
    const challengeId = input.status === "requires_action" ? newId("chal") : null;
    if (input.status === "succeeded") this.takeStockAndPromo(context.plan, input.promo);
    const columns = paymentColumns(input, paymentId, challengeId);
    const written = this.db
      .prepare(
        `INSERT INTO payments (id, plan_id, session_id, status, failure_code, amount,
           subtotal, discount, currency, promo_code_id, promo_code, email, name, country,
           card_brand, card_last4, metadata, utm, affiliate_code, idempotency_key,
           challenge_id, custom_fields, billing_address, shipping_address, phone)
         VALUES (@id, @plan_id, @session_id, @status, @failure_code, @amount, @subtotal,
           @discount, @currency, @promo_code_id, @promo_code, @email, @name, @country,
           @card_brand, @card_last4, @metadata, @utm, @affiliate_code, @idempotency_key,
           @challenge_id, @custom_fields, @billing_address, @shipping_address, @phone)
         RETURNING created_at, updated_at`,
      )
      .get(columns) as Row;
    // Only what the database fills in comes back: every column cost a third of the insert.
    const row: Row = Object.assign(columns, written);
    const payment = toPayment(row);
    if (challengeId) return { ok: "challenge", payment, challenge_id: challengeId };
    if (input.status === "failed") {
      this.related.webhooks.enqueue(context.company.id, "payment.failed", toPaymentDetails(row));
      return { ok: false, reason: "declined", payment };
    }
    const receipt = this.fulfil(context, toPaymentDetails(row), input.receipt_email);
    return { ok: true, payment, receipt };
  }

  /**
   * Settles the challenge of a `requires_action` payment: "approve" completes it like a direct
   * success (stock, promo, receipt, membership), "fail" declines it. Settling twice changes
   * nothing and reports the first outcome. A challenge left for `CHALLENGE_TTL_MS` fails as
   * `challenge_expired` whatever the outcome.
   */
  settleChallenge(
    paymentId: string,
    outcome: "approve" | "fail",
    receiptEmail: ReceiptDelivery = "hold",
  ): SettledChallenge {
    return this.atomically.settle(paymentId, outcome, receiptEmail);
  }

  private writeSettlement(
    paymentId: string,
    outcome: "approve" | "fail",
    receiptEmail: ReceiptDelivery,
  ): SettledChallenge {
    const row = this.db.prepare("SELECT * FROM payments WHERE id = ?").get(paymentId) as
      | Row
      | undefined;
    if (!row) return { kind: "not_found" };
    const state = challengeState(row);
    if (state.kind !== "pending") return state;
    const { payment } = state;
    const context = this.related.catalog.getPlanContext(payment.plan_id)!;
    const companyId = context.company.id;
    const promo = row.promo_code_id ? this.related.promos.get(row.promo_code_id as string) : null;
    let failure = challengeFailure(payment.created_at, outcome);
    if (!failure) {
      // A savepoint: a refusal undoes only the stock or promo taken, and the payment is
      // still settled, as failed.
      try {
        this.atomically.take(context.plan, promo);
      } catch (error) {
        if (!(error instanceof Refused)) throw error;
        failure = error.reason;
      }
    }
    const settled = toPaymentDetails(
      this.db
        .prepare(
          `UPDATE payments SET status = ?, failure_code = ?, challenge_outcome = ?,
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ? RETURNING *`,
        )
        .get(failure ? "failed" : "succeeded", failure, outcome, paymentId) as Row,
    );
    if (failure) {
      this.related.webhooks.enqueue(companyId, "payment.failed", settled);
    } else {
      this.fulfil(context, settled, receiptEmail);
    }
    return { kind: "settled", payment: settled };
  }

  /**
   * Takes one unit of stock and one promo redemption, or throws `Refused` (rolling back). Each
   * is a single conditional UPDATE, so stock never goes below zero nor a promo over its limit.
   */
  private takeStockAndPromo(plan: PlanRecord, promo: PromoRecord | null | undefined): void {
    if (!plan.unlimited_stock) {
      const taken = this.db
        .prepare("UPDATE plans SET stock = stock - 1 WHERE id = ? AND stock > 0")
        .run(plan.id);
      if (taken.changes === 0) throw new Refused("sold_out");
    }
    if (promo && !this.related.promos.redeem(promo.id)) throw new Refused("promo_used_up");
  }

  /**
   * Writes the receipt and its email, the membership and their webhook events for `payment`,
   * just succeeded.
   */
  private fulfil(context: PlanContext, payment: PaymentDetails, receiptEmail: ReceiptDelivery) {
    const receipt = this.db
      .prepare("INSERT INTO receipts (id, payment_id) VALUES (?, ?) RETURNING id, created_at")
      .get(newId("r"), payment.id) as WrittenReceipt;
    const email = newReceiptEmail(context, payment, receipt, receiptEmail);
    this.related.receipts.enqueue(email);
    const membership = this.related.memberships.create(context.plan, payment.id, payment.email);
    const { webhooks } = this.related;
    webhooks.enqueue(context.company.id, "payment.succeeded", payment);
    webhooks.enqueue(context.company.id, "membership.created", membership);
    return writtenReceipt(receipt, payment, email);
  }

  getPayment(id: string): PaymentView | null {
    const row = this.db.prepare("SELECT * FROM payments WHERE id = ?").get(id) as Row | undefined;
    return row ? toPayment(row) : null;
  }

  getPaymentDetails(id: string): PaymentDetails | null {
    const row = this.db.prepare("SELECT * FROM payments WHERE id = ?").get(id) as Row | undefined;
    return row ? toPaymentDetails(row) : null;
  }

  /** A company's (or, for null, every) payments, newest first, optionally for one plan or status. */
  listCompanyPayments(
    companyId: string | null,
    filter: { plan_id?: string; status?: string; limit?: number } = {},
  ): PaymentDetails[] {
    return (
      this.db
        .prepare(
          `SELECT p.* FROM payments p JOIN plans pl ON pl.id = p.plan_id
           JOIN products pr ON pr.id = pl.product_id
           WHERE (@company_id IS NULL OR pr.company_id = @company_id)
             AND (@plan_id IS NULL OR p.plan_id = @plan_id)
             AND (@status IS NULL OR p.status = @status)
           ORDER BY p.created_at DESC, p.rowid DESC LIMIT @limit`,
        )
        .all({
          company_id: companyId,
          plan_id: filter.plan_id ?? null,
          status: filter.status ?? null,
          limit: filter.limit ?? 100,
        }) as Row[]
    ).map(toPaymentDetails);
  }

  getReceipt(id: string): ReceiptView | null {
    const row = this.db.prepare(`${RECEIPT_SELECT} WHERE r.id = ?`).get(id) as Row | undefined;
    return row ? toReceipt(row) : null;
  }

  getReceiptForPayment(paymentId: string): ReceiptView | null {
    const row = this.db.prepare("SELECT id FROM receipts WHERE payment_id = ?").get(paymentId) as
      | { id: string }
      | undefined;
    return row ? this.getReceipt(row.id) : null;
  }

  getStoredResponse(companyId: string, key: string, expiredBefore?: string): StoredResponse | null {
    if (expiredBefore) {
      this.db.prepare("DELETE FROM idempotency_keys WHERE created_at < ?").run(expiredBefore);
    }
    const row = this.db
      .prepare("SELECT * FROM idempotency_keys WHERE company_id = ? AND key = ?")
      .get(companyId, key) as Row | undefined;
    return row ? toStoredResponse(row) : null;
  }

  /** Stores the first answer for the company's `key`; a second store for the same key throws. */
  storeResponse(companyId: string, key: string, value: StoredResponse): void {
    this.db
      .prepare(
        `INSERT INTO idempotency_keys (company_id, key, request_hash, status_code, response,
           created_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(
        companyId,
        key,
        value.request_hash,
        value.status_code,
        JSON.stringify(value.response),
        value.created_at,
      );
  }
}

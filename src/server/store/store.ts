import type {
  CustomField,
  MembershipView,
  PaymentView,
  PlanType,
  PlanView,
  PaymentDetails as ProtocolPaymentDetails,
  PublicPlan,
  ReceiptView,
  ReleaseMethod,
  Visibility,
} from "../../protocol/index.ts";
import { newId } from "../ids.ts";
import { ApiKeyStore } from "./api-keys.ts";
import type { Db } from "./database.ts";
import { EntryStore } from "./entries.ts";
import type { Store } from "./interface.ts";
import { type PromoRecord, PromoStore } from "./promos.ts";
import { WebhookStore } from "./webhooks.ts";

export interface CompanyRecord {
  id: string;
  title: string;
  redirect_url: string | null;
  allowed_origins: string[];
}

export interface ProductRecord {
  id: string;
  company_id: string;
  title: string;
  headline: string | null;
  description: string | null;
  logo_url: string | null;
  route: string;
  redirect_url: string | null;
  terms_url: string | null;
  visibility: Visibility;
}

export interface PlanRecord extends PublicPlan {
  product_id: string;
}

export interface SessionRecord {
  id: string;
  plan_id: string;
  metadata: Record<string, unknown>;
  redirect_url: string | null;
  expires_at: string;
  created_at: string;
}

/** Everything needed to sell one plan: the plan, its product and its company. */
export interface PlanContext {
  plan: PlanRecord;
  product: ProductRecord;
  company: CompanyRecord;
}

export interface NewPayment {
  plan: PlanRecord;
  company_id: string;
  session: SessionRecord | null;
  /** "requires_action" holds the payment until its challenge is settled. */
  status: "succeeded" | "failed" | "requires_action";
  failure_code: string | null;
  subtotal: number;
  discount: number;
  promo: PromoRecord | null;
  email: string;
  name: string | null;
  country: string | null;
  card_brand: string;
  card_last4: string;
  utm: Record<string, string>;
  affiliate_code: string | null;
  idempotency_key: string | null;
}

export type { Store } from "./interface.ts";
export type PaymentDetails = ProtocolPaymentDetails;
export type MembershipRecord = MembershipView;

export interface StoredResponse {
  request_hash: string;
  status_code: number;
  response: unknown;
}

type Row = Record<string, unknown>;

const json = <T>(text: unknown, fallback: T): T => {
  try {
    return typeof text === "string" ? (JSON.parse(text) as T) : fallback;
  } catch {
    return fallback;
  }
};

const toCompany = (row: Row): CompanyRecord => ({
  id: row.id as string,
  title: row.title as string,
  redirect_url: (row.redirect_url as string | null) ?? null,
  allowed_origins: json<string[]>(row.allowed_origins, []),
});

const toProduct = (row: Row): ProductRecord => ({
  id: row.id as string,
  company_id: row.company_id as string,
  title: row.title as string,
  headline: (row.headline as string | null) ?? null,
  description: (row.description as string | null) ?? null,
  logo_url: (row.logo_url as string | null) ?? null,
  route: row.route as string,
  redirect_url: (row.redirect_url as string | null) ?? null,
  terms_url: (row.terms_url as string | null) ?? null,
  visibility: row.visibility as Visibility,
});

const toPlan = (row: Row): PlanRecord => ({
  id: row.id as string,
  product_id: row.product_id as string,
  plan_type: row.plan_type as PlanType,
  release_method: row.release_method as ReleaseMethod,
  visibility: row.visibility as Visibility,
  base_currency: row.base_currency as string,
  initial_price: row.initial_price as number,
  renewal_price: row.renewal_price as number,
  billing_period: (row.billing_period as number | null) ?? null,
  trial_period_days: (row.trial_period_days as number | null) ?? null,
  expiration_days: (row.expiration_days as number | null) ?? null,
  unlimited_stock: row.unlimited_stock === 1,
  stock: row.stock as number,
  description: (row.description as string | null) ?? null,
  custom_fields: json<CustomField[]>(row.custom_fields, []),
});

const toSession = (row: Row): SessionRecord => ({
  id: row.id as string,
  plan_id: row.plan_id as string,
  metadata: json<Record<string, unknown>>(row.metadata, {}),
  redirect_url: (row.redirect_url as string | null) ?? null,
  expires_at: row.expires_at as string,
  created_at: row.created_at as string,
});

const toPayment = (row: Row): PaymentView => ({
  id: row.id as string,
  status: row.status as PaymentView["status"],
  plan_id: row.plan_id as string,
  session_id: (row.session_id as string | null) ?? null,
  amount: row.amount as number,
  currency: row.currency as string,
  email: row.email as string,
  card_brand: row.card_brand as string,
  card_last4: row.card_last4 as string,
  created_at: row.created_at as string,
});

const toPaymentDetails = (row: Row): PaymentDetails => ({
  ...toPayment(row),
  failure_code: (row.failure_code as string | null) ?? null,
  subtotal: row.subtotal as number,
  discount: row.discount as number,
  promo_code: (row.promo_code as string | null) ?? null,
  name: (row.name as string | null) ?? null,
  country: (row.country as string | null) ?? null,
  metadata: json<Record<string, unknown>>(row.metadata, {}),
  utm: json<Record<string, string>>(row.utm, {}),
  affiliate_code: (row.affiliate_code as string | null) ?? null,
  updated_at: row.updated_at as string,
});

const toMembership = (row: Row): MembershipRecord => ({
  id: row.id as string,
  plan_id: row.plan_id as string,
  payment_id: row.payment_id as string,
  email: row.email as string,
  status: row.status as MembershipRecord["status"],
  renews_at: (row.renews_at as string | null) ?? null,
  trial_ends_at: (row.trial_ends_at as string | null) ?? null,
  expires_at: (row.expires_at as string | null) ?? null,
  created_at: row.created_at as string,
});

/** How long a buyer has to settle a payment's challenge. */
export const CHALLENGE_TTL_MS = 15 * 60_000;

/** Why a charge that the card allowed could still not be completed. */
export type Refusal = "sold_out" | "promo_used_up";

class Refused extends Error {
  constructor(readonly reason: Refusal) {
    super(reason);
  }
}

/** The result of recording a payment attempt. */
export type RecordedPayment =
  | { ok: true; payment: PaymentView; receipt: ReceiptView }
  | { ok: false; reason: Refusal }
  | { ok: false; reason: "declined"; payment: PaymentView }
  | { ok: "challenge"; payment: PaymentView; challenge_id: string };

/** The result of settling a payment's challenge. */
export type SettledChallenge =
  | { kind: "not_found" }
  | { kind: "no_challenge"; payment: PaymentDetails }
  /** Settled earlier: the stored outcome and the payment as it stands. */
  | { kind: "already_settled"; outcome: "approve" | "fail"; payment: PaymentDetails }
  | { kind: "settled"; payment: PaymentDetails };

/**
 * The platform's persistence. Every method is synchronous and every multi-row write runs in
 * one SQLite transaction, so a crash leaves either all of a payment or none of it.
 */
export class SqliteStore implements Store {
  readonly promos: PromoStore;
  readonly entries: EntryStore;
  readonly webhooks: WebhookStore;
  readonly apiKeys: ApiKeyStore;

  constructor(readonly db: Db) {
    this.apiKeys = new ApiKeyStore(db);
    this.promos = new PromoStore(db);
    this.entries = new EntryStore(db);
    this.webhooks = new WebhookStore(db);
  }

  // -- catalog ---------------------------------------------------------------------------------

  getCompany(id: string): CompanyRecord | null {
    const row = this.db.prepare("SELECT * FROM companies WHERE id = ?").get(id) as Row | undefined;
    return row ? toCompany(row) : null;
  }

  getProduct(id: string): ProductRecord | null {
    const row = this.db.prepare("SELECT * FROM products WHERE id = ?").get(id) as Row | undefined;
    return row ? toProduct(row) : null;
  }

  listProducts(companyId: string): ProductRecord[] {
    return (
      this.db
        .prepare("SELECT * FROM products WHERE company_id = ? ORDER BY created_at, rowid")
        .all(companyId) as Row[]
    ).map(toProduct);
  }

  listPlans(companyId: string): PlanRecord[] {
    return (
      this.db
        .prepare(
          `SELECT p.* FROM plans p JOIN products pr ON pr.id = p.product_id
           WHERE pr.company_id = ? ORDER BY p.created_at, p.rowid`,
        )
        .all(companyId) as Row[]
    ).map(toPlan);
  }

  getPlanContext(planId: string): PlanContext | null {
    const plan = this.db.prepare("SELECT * FROM plans WHERE id = ?").get(planId) as Row | undefined;
    if (!plan) return null;
    const product = this.db
      .prepare("SELECT * FROM products WHERE id = ?")
      .get(plan.product_id) as Row;
    const company = this.db
      .prepare("SELECT * FROM companies WHERE id = ?")
      .get(product.company_id) as Row;
    return { plan: toPlan(plan), product: toProduct(product), company: toCompany(company) };
  }

  /** The buyer-facing view of a plan; never includes settings such as redirect URLs. */
  getPlanView(planId: string): PlanView | null {
    const context = this.getPlanContext(planId);
    if (!context) return null;
    const { product_id: _productId, ...plan } = context.plan;
    const { product, company } = context;
    return {
      plan,
      product: {
        id: product.id,
        title: product.title,
        headline: product.headline,
        description: product.description,
        logo_url: product.logo_url,
        route: product.route,
        terms_url: product.terms_url,
      },
      company: { id: company.id, title: company.title },
    };
  }

  upsertCompany(company: Omit<CompanyRecord, "id"> & { id?: string }): CompanyRecord {
    const id = company.id ?? newId("biz");
    this.db
      .prepare(
        `INSERT INTO companies (id, title, redirect_url, allowed_origins)
         VALUES (@id, @title, @redirect_url, @allowed_origins)
         ON CONFLICT (id) DO UPDATE SET title = excluded.title,
           redirect_url = excluded.redirect_url, allowed_origins = excluded.allowed_origins`,
      )
      .run({ ...company, id, allowed_origins: JSON.stringify(company.allowed_origins) });
    return this.getCompany(id)!;
  }

  upsertProduct(product: Omit<ProductRecord, "id"> & { id?: string }): ProductRecord {
    const id = product.id ?? newId("prod");
    this.db
      .prepare(
        `INSERT INTO products (id, company_id, title, headline, description, logo_url, route,
           redirect_url, terms_url, visibility)
         VALUES (@id, @company_id, @title, @headline, @description, @logo_url, @route,
           @redirect_url, @terms_url, @visibility)
         ON CONFLICT (id) DO UPDATE SET title = excluded.title, headline = excluded.headline,
           description = excluded.description, logo_url = excluded.logo_url,
           route = excluded.route, redirect_url = excluded.redirect_url,
           terms_url = excluded.terms_url, visibility = excluded.visibility`,
      )
      .run({ ...product, id });
    return toProduct(this.db.prepare("SELECT * FROM products WHERE id = ?").get(id) as Row);
  }

  upsertPlan(plan: Omit<PlanRecord, "id"> & { id?: string }): PlanRecord {
    const id = plan.id ?? newId("plan");
    this.db
      .prepare(
        `INSERT INTO plans (id, product_id, plan_type, release_method, visibility, base_currency,
           initial_price, renewal_price, billing_period, trial_period_days, expiration_days,
           unlimited_stock, stock, description, custom_fields)
         VALUES (@id, @product_id, @plan_type, @release_method, @visibility, @base_currency,
           @initial_price, @renewal_price, @billing_period, @trial_period_days, @expiration_days,
           @unlimited_stock, @stock, @description, @custom_fields)
         ON CONFLICT (id) DO UPDATE SET plan_type = excluded.plan_type,
           release_method = excluded.release_method, visibility = excluded.visibility,
           base_currency = excluded.base_currency, initial_price = excluded.initial_price,
           renewal_price = excluded.renewal_price, billing_period = excluded.billing_period,
           trial_period_days = excluded.trial_period_days,
           expiration_days = excluded.expiration_days, unlimited_stock = excluded.unlimited_stock,
           stock = excluded.stock, description = excluded.description,
           custom_fields = excluded.custom_fields`,
      )
      .run({
        ...plan,
        id,
        unlimited_stock: plan.unlimited_stock ? 1 : 0,
        custom_fields: JSON.stringify(plan.custom_fields),
      });
    return this.getPlanContext(id)!.plan;
  }

  // -- checkout sessions -----------------------------------------------------------------------

  createSession(input: {
    plan_id: string;
    metadata?: Record<string, unknown>;
    redirect_url?: string | null;
    expires_at: string;
    id?: string;
  }): SessionRecord {
    const id = input.id ?? newId("ch");
    this.db
      .prepare(
        `INSERT INTO checkout_sessions (id, plan_id, metadata, redirect_url, expires_at)
         VALUES (?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        input.plan_id,
        JSON.stringify(input.metadata ?? {}),
        input.redirect_url ?? null,
        input.expires_at,
      );
    return this.getSession(id)!;
  }

  getSession(id: string): SessionRecord | null {
    const row = this.db.prepare("SELECT * FROM checkout_sessions WHERE id = ?").get(id) as
      | Row
      | undefined;
    return row ? toSession(row) : null;
  }

  // -- payments --------------------------------------------------------------------------------

  /**
   * Records a payment attempt atomically. A success takes one unit of stock and one promo
   * redemption (refusing, with nothing written, when none is left) and writes the payment, its
   * receipt, the buyer's membership and the webhook events; a decline writes the failed payment
   * and its event; a challenge writes the payment as `requires_action` and nothing else.
   */
  recordPayment(input: NewPayment): RecordedPayment {
    try {
      return this.db.transaction((): RecordedPayment => {
        const paymentId = newId("pay");
        const challengeId = input.status === "requires_action" ? newId("chal") : null;
        if (input.status === "succeeded") this.takeStockAndPromo(input.plan, input.promo);
        this.db
          .prepare(
            `INSERT INTO payments (id, plan_id, session_id, status, failure_code, amount,
               subtotal, discount, currency, promo_code_id, promo_code, email, name, country,
               card_brand, card_last4, metadata, utm, affiliate_code, idempotency_key,
               challenge_id)
             VALUES (@id, @plan_id, @session_id, @status, @failure_code, @amount, @subtotal,
               @discount, @currency, @promo_code_id, @promo_code, @email, @name, @country,
               @card_brand, @card_last4, @metadata, @utm, @affiliate_code, @idempotency_key,
               @challenge_id)`,
          )
          .run({
            id: paymentId,
            plan_id: input.plan.id,
            session_id: input.session?.id ?? null,
            status: input.status,
            failure_code: input.failure_code,
            amount: input.subtotal - input.discount,
            subtotal: input.subtotal,
            discount: input.discount,
            currency: input.plan.base_currency,
            promo_code_id: input.promo?.id ?? null,
            promo_code: input.promo?.code ?? null,
            email: input.email,
            name: input.name,
            country: input.country,
            card_brand: input.card_brand,
            card_last4: input.card_last4,
            metadata: JSON.stringify(input.session?.metadata ?? {}),
            utm: JSON.stringify(input.utm),
            affiliate_code: input.affiliate_code,
            idempotency_key: input.idempotency_key,
            challenge_id: challengeId,
          });
        const payment = this.getPayment(paymentId)!;
        if (challengeId) return { ok: "challenge", payment, challenge_id: challengeId };
        if (input.status === "failed") {
          this.webhooks.enqueue(
            input.company_id,
            "payment.failed",
            this.getPaymentDetails(paymentId),
          );
          return { ok: false, reason: "declined", payment };
        }
        const receipt = this.fulfil(input.plan, input.company_id, paymentId, input.email);
        return { ok: true, payment, receipt };
      })();
    } catch (error) {
      if (error instanceof Refused) return { ok: false, reason: error.reason };
      throw error;
    }
  }

  /** Takes one unit of stock and one promo redemption, or throws `Refused` (rolling back). */
  private takeStockAndPromo(plan: PlanRecord, promo: PromoRecord | null | undefined): void {
    if (!plan.unlimited_stock) {
      const taken = this.db
        .prepare("UPDATE plans SET stock = stock - 1 WHERE id = ? AND stock > 0")
        .run(plan.id);
      if (taken.changes === 0) throw new Refused("sold_out");
    }
    if (promo && !this.promos.redeem(promo.id)) throw new Refused("promo_used_up");
  }

  /** Writes the receipt, the membership and their webhook events for a succeeded payment. */
  private fulfil(plan: PlanRecord, companyId: string, paymentId: string, email: string) {
    const receiptId = newId("r");
    this.db
      .prepare("INSERT INTO receipts (id, payment_id) VALUES (?, ?)")
      .run(receiptId, paymentId);
    const membershipId = this.insertMembership(plan, paymentId, email);
    this.webhooks.enqueue(companyId, "payment.succeeded", this.getPaymentDetails(paymentId));
    this.webhooks.enqueue(companyId, "membership.created", this.getMembership(membershipId));
    return this.getReceipt(receiptId)!;
  }

  /**
   * Settles the challenge of a `requires_action` payment: "approve" completes it like a direct
   * success (stock, promo, receipt, membership), "fail" declines it. Settling twice changes
   * nothing and reports the first outcome. A challenge left for `CHALLENGE_TTL_MS` fails as
   * `challenge_expired` whatever the outcome.
   */
  settleChallenge(paymentId: string, outcome: "approve" | "fail"): SettledChallenge {
    return this.db.transaction((): SettledChallenge => {
      const row = this.db.prepare("SELECT * FROM payments WHERE id = ?").get(paymentId) as
        | Row
        | undefined;
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
      const context = this.getPlanContext(payment.plan_id)!;
      const companyId = context.company.id;
      const promo = row.promo_code_id ? this.promos.get(row.promo_code_id as string) : null;
      const expired = Date.parse(payment.created_at) + CHALLENGE_TTL_MS <= Date.now();
      let failure: string | null = expired
        ? "challenge_expired"
        : outcome === "fail"
          ? "card_declined"
          : null;
      if (!failure) {
        try {
          this.db.transaction(() => this.takeStockAndPromo(context.plan, promo))();
        } catch (error) {
          if (!(error instanceof Refused)) throw error;
          failure = error.reason;
        }
      }
      this.db
        .prepare(
          `UPDATE payments SET status = ?, failure_code = ?, challenge_outcome = ?,
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`,
        )
        .run(failure ? "failed" : "succeeded", failure, outcome, paymentId);
      if (failure) {
        this.webhooks.enqueue(companyId, "payment.failed", this.getPaymentDetails(paymentId));
      } else {
        this.fulfil(context.plan, companyId, paymentId, payment.email);
      }
      return { kind: "settled", payment: this.getPaymentDetails(paymentId)! };
    })();
  }

  private insertMembership(plan: PlanRecord, paymentId: string, email: string): string {
    const day = 86_400_000;
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const trialEnds = plan.trial_period_days ? now + plan.trial_period_days * day : null;
    const renews =
      plan.plan_type === "renewal" && plan.billing_period
        ? (trialEnds ?? now) + plan.billing_period * day
        : null;
    const expires = plan.expiration_days ? now + plan.expiration_days * day : null;
    const id = newId("mem");
    this.db
      .prepare(
        `INSERT INTO memberships (id, plan_id, payment_id, email, status, renews_at,
           trial_ends_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        plan.id,
        paymentId,
        email,
        trialEnds ? "trialing" : "active",
        renews ? iso(renews) : null,
        trialEnds ? iso(trialEnds) : null,
        expires ? iso(expires) : null,
      );
    return id;
  }

  getMembership(id: string): MembershipRecord | null {
    const row = this.db.prepare("SELECT * FROM memberships WHERE id = ?").get(id) as
      | Row
      | undefined;
    return row ? toMembership(row) : null;
  }

  getPaymentDetails(id: string): PaymentDetails | null {
    const row = this.db.prepare("SELECT * FROM payments WHERE id = ?").get(id) as Row | undefined;
    return row ? toPaymentDetails(row) : null;
  }

  getReceiptForPayment(paymentId: string): ReceiptView | null {
    const row = this.db.prepare("SELECT id FROM receipts WHERE payment_id = ?").get(paymentId) as
      | { id: string }
      | undefined;
    return row ? this.getReceipt(row.id) : null;
  }

  getPayment(id: string): PaymentView | null {
    const row = this.db.prepare("SELECT * FROM payments WHERE id = ?").get(id) as Row | undefined;
    return row ? toPayment(row) : null;
  }

  listPayments(filter: { plan_id?: string } = {}): PaymentView[] {
    const rows = filter.plan_id
      ? this.db
          .prepare("SELECT * FROM payments WHERE plan_id = ? ORDER BY created_at, rowid")
          .all(filter.plan_id)
      : this.db.prepare("SELECT * FROM payments ORDER BY created_at, rowid").all();
    return (rows as Row[]).map(toPayment);
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

  getReceipt(id: string): ReceiptView | null {
    const row = this.db
      .prepare(
        `SELECT r.id, r.payment_id, r.created_at, p.amount, p.currency, p.email
         FROM receipts r JOIN payments p ON p.id = r.payment_id WHERE r.id = ?`,
      )
      .get(id) as Row | undefined;
    return row
      ? {
          id: row.id as string,
          payment_id: row.payment_id as string,
          amount: row.amount as number,
          currency: row.currency as string,
          email: row.email as string,
          created_at: row.created_at as string,
        }
      : null;
  }

  // -- idempotency -----------------------------------------------------------------------------

  getStoredResponse(key: string): StoredResponse | null {
    const row = this.db.prepare("SELECT * FROM idempotency_keys WHERE key = ?").get(key) as
      | Row
      | undefined;
    return row
      ? {
          request_hash: row.request_hash as string,
          status_code: row.status_code as number,
          response: JSON.parse(row.response as string),
        }
      : null;
  }

  storeResponse(key: string, value: StoredResponse): void {
    this.db
      .prepare(
        "INSERT INTO idempotency_keys (key, request_hash, status_code, response) VALUES (?, ?, ?, ?)",
      )
      .run(key, value.request_hash, value.status_code, JSON.stringify(value.response));
  }

  isRouteTaken(route: string, exceptId: string | null): boolean {
    return (
      this.db
        .prepare("SELECT 1 FROM products WHERE route = ? AND id IS NOT ?")
        .get(route, exceptId) !== undefined
    );
  }

  ping(): void {
    this.db.prepare("SELECT 1").get();
  }

  close(): void {
    this.db.close();
  }

  /** Runs `work` in one transaction (nested calls become savepoints). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }
}

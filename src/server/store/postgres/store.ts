import type pg from "pg";
import { RateLimiterPostgres } from "rate-limiter-flexible";
import { chargeInTransaction } from "../../payments/charge.ts";
import type { Store } from "../interface.ts";
import { PgApiKeys } from "./api-keys.ts";
import { PgCatalog } from "./catalog.ts";
import { PgEntries } from "./entries.ts";
import { PgMemberships } from "./memberships.ts";
import { PgPayments } from "./payments.ts";
import { PgPromos } from "./promos.ts";
import { PgReceipts } from "./receipts.ts";
import { migrate, openPool, Sql } from "./sql.ts";
import { PgWebhooks } from "./webhooks.ts";

/**
 * The platform's persistence on PostgreSQL, for any number of instances on one database. Each
 * call takes a pooled connection; a transaction holds one connection and hands its callback a
 * store bound to it. Races between instances are settled by the database itself: conditional
 * updates for stock and promos, an advisory lock per idempotency key, row locks for
 * challenges and SKIP LOCKED leases for webhook deliveries.
 */
export class PgStore implements Store {
  readonly promos: PgPromos;
  readonly entries: PgEntries;
  readonly webhooks: PgWebhooks;
  readonly receipts: PgReceipts;
  readonly apiKeys: PgApiKeys;
  private readonly catalog: PgCatalog;
  private readonly payments: PgPayments;
  private readonly memberships: PgMemberships;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly sql: Sql,
    /** Only the outer store closes the pool. */
    private readonly ownsPool: boolean,
  ) {
    this.promos = new PgPromos(sql);
    this.entries = new PgEntries(sql);
    this.webhooks = new PgWebhooks(sql);
    this.receipts = new PgReceipts(sql);
    this.apiKeys = new PgApiKeys(sql);
    this.catalog = new PgCatalog(sql);
    this.payments = new PgPayments(sql);
    this.memberships = new PgMemberships(sql);
  }

  /** Connects to `url` (postgres://…) and applies pending migrations. */
  static async open(url: string): Promise<PgStore> {
    const pool = openPool(url);
    try {
      await migrate(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PgStore(pool, new Sql(pool), true);
  }

  // -- catalog and checkout sessions (catalog.ts) ----------------------------------------------
  getCompany: Store["getCompany"] = (id) => this.catalog.getCompany(id);
  listCompanies: Store["listCompanies"] = () => this.catalog.listCompanies();
  getProduct: Store["getProduct"] = (id) => this.catalog.getProduct(id);
  listProducts: Store["listProducts"] = (companyId) => this.catalog.listProducts(companyId);
  listPlans: Store["listPlans"] = (companyId) => this.catalog.listPlans(companyId);
  getPlanContext: Store["getPlanContext"] = (planId) => this.catalog.getPlanContext(planId);
  getPlanView: Store["getPlanView"] = (planId) => this.catalog.getPlanView(planId);
  upsertCompany: Store["upsertCompany"] = (company) => this.catalog.upsertCompany(company);
  upsertProduct: Store["upsertProduct"] = (product) => this.catalog.upsertProduct(product);
  upsertPlan: Store["upsertPlan"] = (plan) => this.catalog.upsertPlan(plan);
  isRouteTaken: Store["isRouteTaken"] = (route, exceptId) =>
    this.catalog.isRouteTaken(route, exceptId);
  createSession: Store["createSession"] = (input) => this.catalog.createSession(input);
  getSession: Store["getSession"] = (id) => this.catalog.getSession(id);

  // -- payments, receipts, idempotency (payments.ts) and memberships (memberships.ts) ----------
  recordPayment: Store["recordPayment"] = (input) => this.payments.recordPayment(input);
  settleChallenge: Store["settleChallenge"] = (paymentId, outcome, receiptEmail) =>
    this.payments.settleChallenge(paymentId, outcome, receiptEmail);
  getPayment: Store["getPayment"] = (id) => this.payments.getPayment(id);
  getPaymentDetails: Store["getPaymentDetails"] = (id) => this.payments.getPaymentDetails(id);
  listCompanyPayments: Store["listCompanyPayments"] = (companyId, filter) =>
    this.payments.listCompanyPayments(companyId, filter);
  getReceipt: Store["getReceipt"] = (id) => this.payments.getReceipt(id);
  getReceiptForPayment: Store["getReceiptForPayment"] = (paymentId) =>
    this.payments.getReceiptForPayment(paymentId);
  getStoredResponse: Store["getStoredResponse"] = (companyId, key, expiredBefore) =>
    this.payments.getStoredResponse(companyId, key, expiredBefore);
  storeResponse: Store["storeResponse"] = (companyId, key, value) =>
    this.payments.storeResponse(companyId, key, value);
  getMembership: Store["getMembership"] = (id) => this.memberships.getMembership(id);
  listMemberships: Store["listMemberships"] = (companyId, filter) =>
    this.memberships.listMemberships(companyId, filter);

  transaction<T>(work: (tx: Store) => Promise<T>): Promise<T> {
    return this.sql.atomic((sql) => work(new PgStore(this.pool, sql, false)));
  }

  charge: Store["charge"] = (request) => this.transaction((tx) => chargeInTransaction(tx, request));

  /**
   * In the `rate_limits` table (migration 003): each count is one atomic upsert, on a pooled
   * connection of its own even inside a transaction, so every instance counts the same rows.
   */
  rateCounter: Store["rateCounter"] = (name, points, windowMs) =>
    new RateLimiterPostgres({
      storeClient: this.pool,
      storeType: "pool",
      tableName: "rate_limits",
      tableCreated: true,
      keyPrefix: name,
      points,
      duration: windowMs / 1000,
    });

  async ping(): Promise<void> {
    await this.sql.run("SELECT 1");
  }

  /** Closes the pool; only the outer store owns it, so a transaction's store cannot. */
  async close(): Promise<void> {
    if (!this.ownsPool) throw new Error("Close the outer store, not a transaction's.");
    await this.pool.end();
  }
}

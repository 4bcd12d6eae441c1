import type { PaymentView } from "../../protocol/index.ts";
import { ApiKeyStore } from "./api-keys.ts";
import { CatalogStore } from "./catalog.ts";
import type { Db } from "./database.ts";
import { EntryStore } from "./entries.ts";
import type { Store, WithOptionalId } from "./interface.ts";
import { MembershipStore } from "./memberships.ts";
import { PaymentStore } from "./payments.ts";
import { PromoStore } from "./promos.ts";
import type {
  CompanyRecord,
  NewPayment,
  NewSession,
  PlanRecord,
  ProductRecord,
  StoredResponse,
} from "./records.ts";
import { WebhookStore } from "./webhooks.ts";

/**
 * The platform's persistence on one SQLite database: the repositories, sharing the connection,
 * composed behind the `Store` interface. Every method is synchronous (see `transaction`).
 */
export class SqliteStore implements Store {
  readonly promos: PromoStore;
  readonly entries: EntryStore;
  readonly webhooks: WebhookStore;
  readonly apiKeys: ApiKeyStore;
  private readonly catalog: CatalogStore;
  private readonly memberships: MembershipStore;
  private readonly payments: PaymentStore;

  constructor(readonly db: Db) {
    this.apiKeys = new ApiKeyStore(db);
    this.promos = new PromoStore(db);
    this.entries = new EntryStore(db);
    this.webhooks = new WebhookStore(db);
    this.catalog = new CatalogStore(db);
    this.memberships = new MembershipStore(db);
    this.payments = new PaymentStore(db, {
      catalog: this.catalog,
      memberships: this.memberships,
      promos: this.promos,
      webhooks: this.webhooks,
    });
  }

  // -- catalog and checkout sessions (catalog.ts) ----------------------------------------------
  getCompany = (id: string) => this.catalog.getCompany(id);
  getProduct = (id: string) => this.catalog.getProduct(id);
  listProducts = (companyId: string) => this.catalog.listProducts(companyId);
  listPlans = (companyId: string) => this.catalog.listPlans(companyId);
  getPlanContext = (planId: string) => this.catalog.getPlanContext(planId);
  getPlanView = (planId: string) => this.catalog.getPlanView(planId);
  upsertCompany = (company: WithOptionalId<CompanyRecord>) => this.catalog.upsertCompany(company);
  upsertProduct = (product: WithOptionalId<ProductRecord>) => this.catalog.upsertProduct(product);
  upsertPlan = (plan: WithOptionalId<PlanRecord>) => this.catalog.upsertPlan(plan);
  isRouteTaken = (route: string, exceptId: string | null) =>
    this.catalog.isRouteTaken(route, exceptId);
  createSession = (input: NewSession) => this.catalog.createSession(input);
  getSession = (id: string) => this.catalog.getSession(id);

  // -- payments, receipts, idempotency (payments.ts) and memberships (memberships.ts) ----------
  recordPayment = (input: NewPayment) => this.payments.recordPayment(input);
  settleChallenge = (paymentId: string, outcome: "approve" | "fail") =>
    this.payments.settleChallenge(paymentId, outcome);
  getPayment = (id: string) => this.payments.getPayment(id);
  getPaymentDetails = (id: string) => this.payments.getPaymentDetails(id);
  listCompanyPayments: Store["listCompanyPayments"] = (companyId, filter) =>
    this.payments.listCompanyPayments(companyId, filter);
  getReceipt = (id: string) => this.payments.getReceipt(id);
  getReceiptForPayment = (paymentId: string) => this.payments.getReceiptForPayment(paymentId);
  getStoredResponse = (key: string) => this.payments.getStoredResponse(key);
  storeResponse = (key: string, value: StoredResponse) => this.payments.storeResponse(key, value);
  deleteStoredResponsesBefore = (cutoff: string) =>
    this.payments.deleteStoredResponsesBefore(cutoff);
  getMembership = (id: string) => this.memberships.getMembership(id);
  listMemberships: Store["listMemberships"] = (companyId, filter) =>
    this.memberships.listMemberships(companyId, filter);

  /**
   * @deprecated Tests only, kept until they call `listPayments(db)` from
   * test/server/store/helpers.ts; not part of `Store`.
   */
  listPayments(filter: { plan_id?: string } = {}): PaymentView[] {
    const rows = this.db
      .prepare(
        `SELECT id FROM payments WHERE @plan_id IS NULL OR plan_id = @plan_id
         ORDER BY created_at, rowid`,
      )
      .all({ plan_id: filter.plan_id ?? null }) as { id: string }[];
    return rows.map((row) => this.payments.getPayment(row.id)!);
  }

  /**
   * Runs `work` in one transaction (nested calls become savepoints). It is synchronous on
   * purpose: better-sqlite3 runs SQLite in this process, so a callback that never awaits holds
   * the database alone until it returns, and no other request can interleave (that is what
   * makes an idempotency check and its write, or a stock check and its decrement, race-free).
   */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  ping(): void {
    this.db.prepare("SELECT 1").get();
  }

  close(): void {
    this.db.close();
  }
}

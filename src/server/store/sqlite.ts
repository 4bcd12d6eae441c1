import { RateLimiterMemory } from "rate-limiter-flexible";
import { chargeInTransaction } from "../payments/charge.ts";
import { ApiKeyStore } from "./api-keys.ts";
import { CatalogStore } from "./catalog.ts";
import type { Db, Synchronous } from "./database.ts";
import { EntryStore } from "./entries.ts";
import { GroupCommit } from "./group-commit.ts";
import type {
  ApiKeyRepository,
  EntryRepository,
  PromoRepository,
  ReceiptOutbox,
  Store,
  WebhookOutbox,
  WithOptionalId,
} from "./interface.ts";
import { AsyncLock } from "./lock.ts";
import { MembershipStore } from "./memberships.ts";
import { PaymentStore } from "./payments.ts";
import { PromoStore } from "./promos.ts";
import { ReceiptStore } from "./receipts.ts";
import type {
  CompanyRecord,
  NewPayment,
  NewSession,
  PlanRecord,
  ProductRecord,
  ReceiptDelivery,
  StoredResponse,
} from "./records.ts";
import { WebhookStore } from "./webhooks.ts";

type Call = <R>(work: () => R) => Promise<R>;

/** The asynchronous face of a synchronous repository: each method runs through `call`. */
function promised<I extends object>(repository: Synchronous<I>, call: Call): I {
  return new Proxy(repository, {
    get(target, name) {
      const value = Reflect.get(target, name);
      return typeof value === "function"
        ? (...args: unknown[]) => call(() => value.apply(target, args))
        : value;
    },
  }) as unknown as I;
}

/** The synchronous repositories on `db`, sharing the connection. */
function repositoriesOf(db: Db) {
  const promos = new PromoStore(db);
  const webhooks = new WebhookStore(db);
  const receipts = new ReceiptStore(db);
  const catalog = new CatalogStore(db);
  const memberships = new MembershipStore(db);
  const payments = new PaymentStore(db, { catalog, memberships, promos, webhooks, receipts });
  return {
    apiKeys: new ApiKeyStore(db),
    entries: new EntryStore(db),
    promos,
    webhooks,
    receipts,
    catalog,
    memberships,
    payments,
  };
}

/**
 * Rate-limit counters in this process's memory: a SQLite file is served by one process (its
 * writes take a file lock, and several processes would only queue on it), so that process sees
 * every request. (sqlite-thread.ts keeps them on the server's main thread too.)
 */
export const memoryRateCounter: Store["rateCounter"] = (name, points, windowMs) =>
  new RateLimiterMemory({ keyPrefix: name, points, duration: windowMs / 1000 });

/**
 * The platform's persistence on one SQLite database: the synchronous repositories, sharing the
 * connection, behind the asynchronous `Store` interface.
 *
 * better-sqlite3 runs SQLite in this process on one connection, so everything sent on it while
 * a transaction is open joins that transaction. A transaction's callback may await, and other
 * requests run meanwhile; so every call on the outer store, and every transaction, waits its
 * turn on one lock (`AsyncLock`), and only the store handed to a transaction's callback runs
 * inside it. That keeps an idempotency check and its write, or a stock check and its
 * decrement, free of races, and no request ever reads another's uncommitted rows. Each call is
 * synchronous underneath, so the lock only ever waits for transactions. Transactions that
 * arrive together share one commit (`GroupCommit`); a plain call commits the open group first.
 */
export class SqliteStore implements Store {
  readonly promos: PromoRepository;
  readonly entries: EntryRepository;
  readonly webhooks: WebhookOutbox;
  readonly receipts: ReceiptOutbox;
  readonly apiKeys: ApiKeyRepository;
  private readonly catalog: CatalogStore;
  private readonly memberships: MembershipStore;
  private readonly payments: PaymentStore;
  /** Whether a transaction this store belongs to has ended (calls then throw). */
  private ended = false;
  /** The outer store's: the commit its transactions share. */
  private readonly group: GroupCommit | null;

  /** `depth` 0 is the outer store; 1 a transaction's, 2 and more its savepoints'. */
  constructor(
    readonly db: Db,
    private readonly lock = new AsyncLock(),
    private readonly depth = 0,
    /** The outer store's: they hold nothing of a transaction's, so every depth shares them. */
    private readonly repositories = repositoriesOf(db),
  ) {
    const { apiKeys, promos, entries, webhooks, receipts } = repositories;
    this.catalog = repositories.catalog;
    this.memberships = repositories.memberships;
    this.payments = repositories.payments;
    this.apiKeys = promised<ApiKeyRepository>(apiKeys, this.call);
    this.promos = promised<PromoRepository>(promos, this.call);
    this.entries = promised<EntryRepository>(entries, this.call);
    this.webhooks = promised<WebhookOutbox>(webhooks, this.call);
    this.receipts = promised<ReceiptOutbox>(receipts, this.call);
    this.group = depth === 0 ? new GroupCommit(db, (work) => lock.run(work)) : null;
  }

  /**
   * Runs one synchronous call: at once inside a transaction, else when the lock is free and
   * the transactions before it are committed.
   */
  private call: Call = (work) => {
    if (this.group) {
      const group = this.group;
      return this.lock.run(() => {
        group.flush();
        return work();
      });
    }
    if (this.ended) return Promise.reject(new Error("This transaction has already ended."));
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(error);
    }
  };

  // -- catalog and checkout sessions (catalog.ts) ----------------------------------------------
  getCompany = (id: string) => this.call(() => this.catalog.getCompany(id));
  listCompanies = () => this.call(() => this.catalog.listCompanies());
  getProduct = (id: string) => this.call(() => this.catalog.getProduct(id));
  listProducts = (companyId: string) => this.call(() => this.catalog.listProducts(companyId));
  listPlans = (companyId: string) => this.call(() => this.catalog.listPlans(companyId));
  getPlanContext = (planId: string) => this.call(() => this.catalog.getPlanContext(planId));
  getPlanView = (planId: string) => this.call(() => this.catalog.getPlanView(planId));
  upsertCompany = (company: WithOptionalId<CompanyRecord>) =>
    this.call(() => this.catalog.upsertCompany(company));
  upsertProduct = (product: WithOptionalId<ProductRecord>) =>
    this.call(() => this.catalog.upsertProduct(product));
  upsertPlan = (plan: WithOptionalId<PlanRecord>) => this.call(() => this.catalog.upsertPlan(plan));
  isRouteTaken = (route: string, exceptId: string | null) =>
    this.call(() => this.catalog.isRouteTaken(route, exceptId));
  createSession = (input: NewSession) => this.call(() => this.catalog.createSession(input));
  getSession = (id: string) => this.call(() => this.catalog.getSession(id));

  // -- payments, receipts, idempotency (payments.ts) and memberships (memberships.ts) ----------
  recordPayment = (input: NewPayment) => this.call(() => this.payments.recordPayment(input));
  settleChallenge = (
    paymentId: string,
    outcome: "approve" | "fail",
    receiptEmail?: ReceiptDelivery,
  ) => this.call(() => this.payments.settleChallenge(paymentId, outcome, receiptEmail));
  getPayment = (id: string) => this.call(() => this.payments.getPayment(id));
  getPaymentDetails = (id: string) => this.call(() => this.payments.getPaymentDetails(id));
  listCompanyPayments: Store["listCompanyPayments"] = (companyId, filter) =>
    this.call(() => this.payments.listCompanyPayments(companyId, filter));
  getReceipt = (id: string) => this.call(() => this.payments.getReceipt(id));
  getReceiptForPayment = (paymentId: string) =>
    this.call(() => this.payments.getReceiptForPayment(paymentId));
  /** Holding the lock already serialises every transaction, so the key needs no lock of its own. */
  getStoredResponse = (companyId: string, key: string, expiredBefore?: string) =>
    this.call(() => this.payments.getStoredResponse(companyId, key, expiredBefore));
  storeResponse = (companyId: string, key: string, value: StoredResponse) =>
    this.call(() => this.payments.storeResponse(companyId, key, value));
  getMembership = (id: string) => this.call(() => this.memberships.getMembership(id));
  listMemberships: Store["listMemberships"] = (companyId, filter) =>
    this.call(() => this.memberships.listMemberships(companyId, filter));

  /**
   * Runs `work` in one transaction, holding the lock until it ends (see the class comment), and
   * resolves once it is committed. The group's BEGIN IMMEDIATE takes SQLite's write lock at
   * once, so another process on the same file (the CLI) waits its turn (busy_timeout) rather
   * than failing halfway. A nested call is a savepoint.
   */
  async transaction<T>(work: (tx: Store) => Promise<T>): Promise<T> {
    if (this.group) {
      const group = this.group;
      const { result, committed } = await this.lock.run(() => group.join(() => this.within(work)));
      await committed;
      return result;
    }
    const name = `s${this.depth}`;
    await this.call(() => this.db.exec(`SAVEPOINT ${name}`));
    try {
      const result = await this.within(work);
      this.db.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec(`ROLLBACK TO ${name}; RELEASE ${name}`);
      throw error;
    }
  }

  charge: Store["charge"] = (request) => this.transaction((tx) => chargeInTransaction(tx, request));

  /** Runs `work` with a store bound to the transaction that is open, ended when it returns. */
  private async within<T>(work: (tx: Store) => Promise<T>): Promise<T> {
    const tx = new SqliteStore(this.db, this.lock, this.depth + 1, this.repositories);
    try {
      return await work(tx);
    } finally {
      tx.ended = true;
    }
  }

  rateCounter = memoryRateCounter;

  ping = () => this.call(() => void this.db.prepare("SELECT 1").get());

  /** Closes the connection; only the outer store owns it, so a transaction's store cannot. */
  close = () =>
    this.group
      ? this.call(() => void this.db.close())
      : Promise.reject(new Error("Close the outer store, not a transaction's."));
}

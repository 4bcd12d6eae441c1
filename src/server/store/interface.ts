/**
 * What the platform needs from persistence. Routes, the CLI, the seed and the webhook
 * dispatcher depend only on this; `SqliteStore` (sqlite.ts, the embedded default, which the
 * server runs on a thread of its own: sqlite-thread.ts) and `PgStore` (postgres/store.ts, for
 * several instances on one database) implement it, and `openStore` (open.ts) picks one from a
 * URL or a path.
 *
 * Every method is asynchronous. `transaction` hands its callback a store bound to the
 * transaction: use that one inside, never the outer store (on SQLite the outer store would wait
 * for the transaction to end, which is never).
 */
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import type {
  PaymentView,
  PlanView,
  ReceiptEmailStatus,
  ReceiptView,
} from "../../protocol/index.ts";
import type { ChargeRequest, PaymentAnswer } from "../payments/schema.ts";
import type {
  ApiKeyRecord,
  CompanyRecord,
  DeliveryRecord,
  DueDelivery,
  EndpointRecord,
  EntryRecord,
  MembershipRecord,
  NewPayment,
  NewPromo,
  NewSession,
  PaymentDetails,
  PlanContext,
  PlanRecord,
  ProductRecord,
  PromoRecord,
  ReceiptDelivery,
  ReceiptEmailRecord,
  ReceiptEmailSummary,
  RecordedPayment,
  SessionRecord,
  SettledChallenge,
  StoredResponse,
  WebhookEventType,
} from "./records.ts";

export type WithOptionalId<T extends { id: string }> = Omit<T, "id"> & { id?: string };

export interface PromoRepository {
  find(companyId: string, code: string): Promise<PromoRecord | null>;
  get(id: string): Promise<PromoRecord | null>;
  list(companyId: string): Promise<PromoRecord[]>;
  upsert(promo: NewPromo): Promise<PromoRecord>;
  /** Takes one redemption; false when the code is used up. */
  redeem(id: string): Promise<boolean>;
}

export interface EntryRepository {
  create(input: {
    plan_id: string;
    session_id: string | null;
    kind: EntryRecord["kind"];
    email: string;
    custom_fields: Record<string, string>;
  }): Promise<{ entry: EntryRecord; created: boolean }>;
  list(planId: string): Promise<EntryRecord[]>;
}

export interface ApiKeyRepository {
  create(companyId: string, name: string): Promise<{ key: string; record: ApiKeyRecord }>;
  get(id: string): Promise<ApiKeyRecord | null>;
  authenticate(key: string): Promise<ApiKeyRecord | null>;
  list(companyId: string): Promise<ApiKeyRecord[]>;
  revoke(id: string): Promise<void>;
}

export interface WebhookOutbox {
  addEndpoint(input: {
    company_id: string;
    url: string;
    events?: WebhookEventType[];
    secret?: string;
  }): Promise<EndpointRecord>;
  getEndpoint(id: string): Promise<EndpointRecord | null>;
  listEndpoints(companyId: string): Promise<EndpointRecord[]>;
  rotateSecret(id: string, overlapMs: number, now?: number): Promise<EndpointRecord | null>;
  deleteEndpoint(id: string): Promise<boolean>;
  /** The event's id; null when no endpoint subscribes to `type` (nothing is written then). */
  enqueue(
    companyId: string,
    type: WebhookEventType,
    data: unknown,
    now?: number,
  ): Promise<string | null>;
  claimDue(limit: number, leaseMs: number, now?: number): Promise<DueDelivery[]>;
  markDelivered(id: string, statusCode: number): Promise<void>;
  markAttemptFailed(
    id: string,
    result: { statusCode: number | null; error: string; retryAt: number | null },
  ): Promise<void>;
  getDelivery(id: string): Promise<DeliveryRecord | null>;
  listDeliveries(
    filter?: { company_id?: string; status?: DeliveryRecord["status"] },
    limit?: number,
  ): Promise<DeliveryRecord[]>;
  replay(id: string, now?: number): Promise<DeliveryRecord | null>;
}

/**
 * Receipt emails, written with their payment (`recordPayment`, `settleChallenge`) and sent by
 * receipts/sender.ts with retries and leases, as webhook deliveries are.
 */
export interface ReceiptOutbox {
  claimDue(limit: number, leaseMs: number, now?: number): Promise<ReceiptEmailRecord[]>;
  markSent(receiptId: string): Promise<void>;
  markAttemptFailed(
    receiptId: string,
    result: { error: string; retryAt: number | null },
  ): Promise<void>;
  get(receiptId: string): Promise<ReceiptEmailRecord | null>;
  list(
    filter?: { company_id?: string; status?: ReceiptEmailStatus },
    limit?: number,
  ): Promise<ReceiptEmailSummary[]>;
}

export interface CatalogRepository {
  getCompany(id: string): Promise<CompanyRecord | null>;
  listCompanies(): Promise<CompanyRecord[]>;
  getProduct(id: string): Promise<ProductRecord | null>;
  listProducts(companyId: string): Promise<ProductRecord[]>;
  listPlans(companyId: string): Promise<PlanRecord[]>;
  getPlanContext(planId: string): Promise<PlanContext | null>;
  getPlanView(planId: string): Promise<PlanView | null>;
  upsertCompany(company: WithOptionalId<CompanyRecord>): Promise<CompanyRecord>;
  upsertProduct(product: WithOptionalId<ProductRecord>): Promise<ProductRecord>;
  upsertPlan(plan: WithOptionalId<PlanRecord>): Promise<PlanRecord>;
  /** Whether another product than `exceptId` already uses `route`. */
  isRouteTaken(route: string, exceptId: string | null): Promise<boolean>;
  createSession(input: NewSession): Promise<SessionRecord>;
  getSession(id: string): Promise<SessionRecord | null>;
}

export interface PaymentRepository {
  recordPayment(input: NewPayment): Promise<RecordedPayment>;
  /** `receiptEmail` is what becomes of the receipt's email if the payment succeeds ("hold"). */
  settleChallenge(
    paymentId: string,
    outcome: "approve" | "fail",
    receiptEmail?: ReceiptDelivery,
  ): Promise<SettledChallenge>;
  getPayment(id: string): Promise<PaymentView | null>;
  getPaymentDetails(id: string): Promise<PaymentDetails | null>;
  listCompanyPayments(
    companyId: string | null,
    filter?: { plan_id?: string; status?: string; limit?: number },
  ): Promise<PaymentDetails[]>;
  getReceipt(id: string): Promise<ReceiptView | null>;
  getReceiptForPayment(paymentId: string): Promise<ReceiptView | null>;
  /**
   * The answer first given to an idempotent request with this key for this company (keys are
   * unique per company: two companies' requests never share an answer). Inside a transaction it
   * also holds the key until the transaction ends, so concurrent requests with one key (on any
   * instance) are answered one after the other: the first charges, the others read its answer.
   * With `expiredBefore` (an ISO time), every company's answers created before it are deleted
   * first, so an expired key reads as never used: the sweep rides on keyed requests.
   */
  getStoredResponse(
    companyId: string,
    key: string,
    expiredBefore?: string,
  ): Promise<StoredResponse | null>;
  storeResponse(companyId: string, key: string, value: StoredResponse): Promise<void>;
}

export interface MembershipRepository {
  getMembership(id: string): Promise<MembershipRecord | null>;
  listMemberships(
    companyId: string,
    filter?: { plan_id?: string; email?: string; limit?: number },
  ): Promise<MembershipRecord[]>;
}

export interface Store extends CatalogRepository, PaymentRepository, MembershipRepository {
  readonly promos: PromoRepository;
  readonly entries: EntryRepository;
  readonly webhooks: WebhookOutbox;
  readonly receipts: ReceiptOutbox;
  readonly apiKeys: ApiKeyRepository;

  /**
   * Runs `work` atomically with a store bound to the transaction (a nested call is a savepoint
   * of the outer one). When `work` throws, nothing it wrote remains.
   */
  transaction<T>(work: (tx: Store) => Promise<T>): Promise<T>;
  /**
   * A payment's whole transaction (payments/charge.ts): the idempotency key's stored answer, or
   * the charge with all it writes. One call rather than a `transaction` callback, so that a
   * store can run it where its database is (SQLite's own thread: thread/) in one message.
   */
  charge(request: ChargeRequest): Promise<PaymentAnswer>;
  /**
   * A rate-limit counter `name` of `points` per `windowMs`, kept where every process serving
   * this database sees it (the counters are shared state, like the rows).
   */
  rateCounter(name: string, points: number, windowMs: number): RateLimiterAbstract;
  /** Throws when the database cannot answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * What the platform needs from persistence. Routes, the CLI, the seed and the webhook
 * dispatcher depend only on this; `SqliteStore` (sqlite.ts) is the embedded implementation.
 *
 * Every method is synchronous and `transaction` runs its callback atomically: SQLite in the
 * same process makes that cheap, and it is what keeps idempotency and stock checks race-free.
 * A networked database behind this interface would make these methods async and implement
 * `transaction` with its own transactions (SELECT … FOR UPDATE for stock and idempotency keys).
 */
import type { PaymentView, PlanView, ReceiptView } from "../../protocol/index.ts";
import type { ApiKeyRecord } from "./api-keys.ts";
import type { EntryRecord } from "./entries.ts";
import type { NewPromo, PromoRecord } from "./promos.ts";
import type {
  CompanyRecord,
  MembershipRecord,
  NewPayment,
  NewSession,
  PaymentDetails,
  PlanContext,
  PlanRecord,
  ProductRecord,
  RecordedPayment,
  SessionRecord,
  SettledChallenge,
  StoredResponse,
} from "./records.ts";
import type { DeliveryRecord, DueDelivery, EndpointRecord, WebhookEventType } from "./webhooks.ts";

export type WithOptionalId<T extends { id: string }> = Omit<T, "id"> & { id?: string };

export interface PromoRepository {
  find(companyId: string, code: string): PromoRecord | null;
  get(id: string): PromoRecord | null;
  list(companyId: string): PromoRecord[];
  upsert(promo: NewPromo): PromoRecord;
  /** Takes one redemption; false when the code is used up. */
  redeem(id: string): boolean;
}

export interface EntryRepository {
  create(input: {
    plan_id: string;
    session_id: string | null;
    kind: EntryRecord["kind"];
    email: string;
    custom_fields: Record<string, string>;
  }): { entry: EntryRecord; created: boolean };
  list(planId: string): EntryRecord[];
}

export interface ApiKeyRepository {
  create(companyId: string, name: string): { key: string; record: ApiKeyRecord };
  get(id: string): ApiKeyRecord | null;
  authenticate(key: string): ApiKeyRecord | null;
  list(companyId: string): ApiKeyRecord[];
  revoke(id: string): void;
}

export interface WebhookOutbox {
  addEndpoint(input: {
    company_id: string;
    url: string;
    events?: WebhookEventType[];
    secret?: string;
  }): EndpointRecord;
  getEndpoint(id: string): EndpointRecord | null;
  listEndpoints(companyId: string): EndpointRecord[];
  rotateSecret(id: string, overlapMs: number, now?: number): EndpointRecord | null;
  deleteEndpoint(id: string): boolean;
  enqueue(companyId: string, type: WebhookEventType, data: unknown, now?: number): string;
  claimDue(limit: number, leaseMs: number, now?: number): DueDelivery[];
  markDelivered(id: string, statusCode: number): void;
  markAttemptFailed(
    id: string,
    result: { statusCode: number | null; error: string; retryAt: number | null },
  ): void;
  getDelivery(id: string): DeliveryRecord | null;
  listDeliveries(
    filter?: { company_id?: string; status?: DeliveryRecord["status"] },
    limit?: number,
  ): DeliveryRecord[];
  replay(id: string, now?: number): DeliveryRecord | null;
}

export interface CatalogRepository {
  getCompany(id: string): CompanyRecord | null;
  getProduct(id: string): ProductRecord | null;
  listProducts(companyId: string): ProductRecord[];
  listPlans(companyId: string): PlanRecord[];
  getPlanContext(planId: string): PlanContext | null;
  getPlanView(planId: string): PlanView | null;
  upsertCompany(company: WithOptionalId<CompanyRecord>): CompanyRecord;
  upsertProduct(product: WithOptionalId<ProductRecord>): ProductRecord;
  upsertPlan(plan: WithOptionalId<PlanRecord>): PlanRecord;
  /** Whether another product than `exceptId` already uses `route`. */
  isRouteTaken(route: string, exceptId: string | null): boolean;
  createSession(input: NewSession): SessionRecord;
  getSession(id: string): SessionRecord | null;
}

export interface PaymentRepository {
  recordPayment(input: NewPayment): RecordedPayment;
  settleChallenge(paymentId: string, outcome: "approve" | "fail"): SettledChallenge;
  getPayment(id: string): PaymentView | null;
  getPaymentDetails(id: string): PaymentDetails | null;
  listCompanyPayments(
    companyId: string | null,
    filter?: { plan_id?: string; status?: string; limit?: number },
  ): PaymentDetails[];
  getReceipt(id: string): ReceiptView | null;
  getReceiptForPayment(paymentId: string): ReceiptView | null;
  /** The answer first given to an idempotent request with this key. */
  getStoredResponse(key: string): StoredResponse | null;
  storeResponse(key: string, value: StoredResponse): void;
  /** Deletes the stored answers created before `cutoff` (ISO time); returns how many. */
  deleteStoredResponsesBefore(cutoff: string): number;
}

export interface MembershipRepository {
  getMembership(id: string): MembershipRecord | null;
  listMemberships(
    companyId: string,
    filter?: { plan_id?: string; email?: string; limit?: number },
  ): MembershipRecord[];
}

export interface Store extends CatalogRepository, PaymentRepository, MembershipRepository {
  readonly promos: PromoRepository;
  readonly entries: EntryRepository;
  readonly webhooks: WebhookOutbox;
  readonly apiKeys: ApiKeyRepository;

  /** Runs `work` atomically (nested calls join the outer transaction). */
  transaction<T>(work: () => T): T;
  /** Throws when the database cannot answer. */
  ping(): void;
  close(): void;
}

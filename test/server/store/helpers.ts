import type { PaymentView } from "../../../src/protocol/index.ts";
import type { Store } from "../../../src/server/store/interface.ts";
import type { NewPayment, PlanContext, PlanRecord } from "../../../src/server/store/records.ts";
import type { Engine, TestDatabase } from "../../support/engines.ts";
import { planFields } from "../../support/plans.ts";

/** A store over a fresh database of `engine` holding one company and one product. */
export async function openTestStore(engine: Engine) {
  const db = await engine.open();
  const { store } = db;
  const company = await store.upsertCompany({
    title: "Acme",
    redirect_url: null,
    allowed_origins: ["https://shop.example"],
  });
  const product = await store.upsertProduct({
    company_id: company.id,
    title: "Course",
    headline: null,
    description: null,
    logo_url: null,
    route: "course",
    redirect_url: "https://shop.example/thanks",
    terms_url: null,
    visibility: "visible",
  });
  return { db, store, company, product };
}

/** Adds a plan to `productId`; defaults to a $10 one-time plan with 5 in stock. */
export function addPlan(store: Store, productId: string, overrides: Partial<PlanRecord> = {}) {
  return store.upsertPlan(
    planFields({ product_id: productId, unlimited_stock: false, stock: 5, ...overrides }),
  );
}

/** A succeeded $10 payment attempt for `plan`, as the payment route would record it. */
export const newPayment = (
  context: PlanContext,
  overrides: Partial<NewPayment> = {},
): NewPayment => ({
  context,
  session: null,
  status: "succeeded",
  failure_code: null,
  subtotal: context.plan.initial_price,
  discount: 0,
  promo: null,
  email: "buyer@example.com",
  name: null,
  country: null,
  billing_address: null,
  shipping_address: null,
  phone: null,
  card_brand: "visa",
  card_last4: "4242",
  utm: {},
  affiliate_code: null,
  idempotency_key: null,
  custom_fields: {},
  receipt_email: "hold",
  ...overrides,
});

/** Every payment (or one plan's), oldest first: what a test checks was written. */
export async function listPayments(
  db: TestDatabase,
  filter: { plan_id?: string } = {},
): Promise<PaymentView[]> {
  const planId = filter.plan_id ?? null;
  return (await db.query(
    `SELECT id, status, plan_id, session_id, amount, currency, email, card_brand, card_last4,
       created_at FROM payments WHERE CAST(? AS TEXT) IS NULL OR plan_id = ?
     ORDER BY created_at, ${db.insertionOrder}`,
    [planId, planId],
  )) as unknown as PaymentView[];
}

type Table =
  | "payments"
  | "receipts"
  | "memberships"
  | "webhook_events"
  | "webhook_deliveries"
  | "idempotency_keys"
  | "receipt_emails";

/** How many rows `table` holds (a table name cannot be a bound parameter; it is a literal). */
export const countRows = async (db: TestDatabase, table: Table) =>
  Number((await db.query(`SELECT COUNT(*) AS n FROM ${table}`))[0]!.n);

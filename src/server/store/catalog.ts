import type { PlanView } from "../../protocol/index.ts";
import { newId } from "../ids.ts";
import type { Db, Synchronous } from "./database.ts";
import type { CatalogRepository, WithOptionalId } from "./interface.ts";
import type {
  CompanyRecord,
  NewSession,
  PlanContext,
  PlanRecord,
  ProductRecord,
  SessionRecord,
} from "./records.ts";
import { type Row, toCompany, toPlan, toProduct, toSession } from "./rows.ts";

/** The buyer-facing view of a plan; never includes settings such as redirect URLs. */
export function toPlanView({
  plan: { product_id: _productId, ...plan },
  product,
  company,
}: PlanContext): PlanView {
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

/** Companies, their products and plans, and the checkout sessions opened on a plan. */
export class CatalogStore implements Synchronous<CatalogRepository> {
  constructor(private readonly db: Db) {}

  getCompany(id: string): CompanyRecord | null {
    const row = this.db.prepare("SELECT * FROM companies WHERE id = ?").get(id) as Row | undefined;
    return row ? toCompany(row) : null;
  }

  listCompanies(): CompanyRecord[] {
    return (
      this.db.prepare("SELECT * FROM companies ORDER BY created_at, rowid").all() as Row[]
    ).map(toCompany);
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
    // Foreign keys guarantee that a plan's product and that product's company exist.
    const product = this.getProduct(plan.product_id as string)!;
    return { plan: toPlan(plan), product, company: this.getCompany(product.company_id)! };
  }

  /** The buyer-facing view of a plan; never includes settings such as redirect URLs. */
  getPlanView(planId: string): PlanView | null {
    const context = this.getPlanContext(planId);
    return context ? toPlanView(context) : null;
  }

  upsertCompany(company: WithOptionalId<CompanyRecord>): CompanyRecord {
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

  upsertProduct(product: WithOptionalId<ProductRecord>): ProductRecord {
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
    return this.getProduct(id)!;
  }

  upsertPlan(plan: WithOptionalId<PlanRecord>): PlanRecord {
    const id = plan.id ?? newId("plan");
    this.db
      .prepare(
        `INSERT INTO plans (id, product_id, plan_type, release_method, visibility, base_currency,
           initial_price, renewal_price, billing_period, trial_period_days, expiration_days,
           unlimited_stock, stock, description, custom_fields, collect_address,
           collect_shipping, collect_phone)
         VALUES (@id, @product_id, @plan_type, @release_method, @visibility, @base_currency,
           @initial_price, @renewal_price, @billing_period, @trial_period_days, @expiration_days,
           @unlimited_stock, @stock, @description, @custom_fields, @collect_address,
           @collect_shipping, @collect_phone)
         ON CONFLICT (id) DO UPDATE SET plan_type = excluded.plan_type,
           release_method = excluded.release_method, visibility = excluded.visibility,
           base_currency = excluded.base_currency, initial_price = excluded.initial_price,
           renewal_price = excluded.renewal_price, billing_period = excluded.billing_period,
           trial_period_days = excluded.trial_period_days,
           expiration_days = excluded.expiration_days, unlimited_stock = excluded.unlimited_stock,
           stock = excluded.stock, description = excluded.description,
           custom_fields = excluded.custom_fields, collect_address = excluded.collect_address,
           collect_shipping = excluded.collect_shipping, collect_phone = excluded.collect_phone`,
      )
      .run({
        ...plan,
        id,
        unlimited_stock: plan.unlimited_stock ? 1 : 0,
        custom_fields: JSON.stringify(plan.custom_fields),
        collect_address: plan.collect_address ? 1 : 0,
        collect_shipping: plan.collect_shipping ? 1 : 0,
        collect_phone: plan.collect_phone ? 1 : 0,
      });
    return this.getPlanContext(id)!.plan;
  }

  isRouteTaken(route: string, exceptId: string | null): boolean {
    return (
      this.db
        .prepare("SELECT 1 FROM products WHERE route = ? AND id IS NOT ?")
        .get(route, exceptId) !== undefined
    );
  }

  createSession(input: NewSession): SessionRecord {
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
}

import type { PlanView } from "../../../protocol/index.ts";
import { newId } from "../../ids.ts";
import { toPlanView } from "../catalog.ts";
import type { CatalogRepository, WithOptionalId } from "../interface.ts";
import type {
  CompanyRecord,
  NewSession,
  PlanContext,
  PlanRecord,
  ProductRecord,
  SessionRecord,
} from "../records.ts";
import { toCompany, toPlan, toProduct, toSession } from "../rows.ts";
import type { Sql } from "./sql.ts";

/** Companies, their products and plans, and the checkout sessions opened on a plan. */
export class PgCatalog implements CatalogRepository {
  constructor(private readonly sql: Sql) {}

  async getCompany(id: string): Promise<CompanyRecord | null> {
    const row = await this.sql.row("SELECT * FROM companies WHERE id = $1", [id]);
    return row ? toCompany(row) : null;
  }

  async listCompanies(): Promise<CompanyRecord[]> {
    return (await this.sql.rows("SELECT * FROM companies ORDER BY created_at, seq")).map(toCompany);
  }

  async getProduct(id: string): Promise<ProductRecord | null> {
    const row = await this.sql.row("SELECT * FROM products WHERE id = $1", [id]);
    return row ? toProduct(row) : null;
  }

  async listProducts(companyId: string): Promise<ProductRecord[]> {
    const rows = await this.sql.rows(
      "SELECT * FROM products WHERE company_id = $1 ORDER BY created_at, seq",
      [companyId],
    );
    return rows.map(toProduct);
  }

  async listPlans(companyId: string): Promise<PlanRecord[]> {
    const rows = await this.sql.rows(
      `SELECT p.* FROM plans p JOIN products pr ON pr.id = p.product_id
       WHERE pr.company_id = $1 ORDER BY p.created_at, p.seq`,
      [companyId],
    );
    return rows.map(toPlan);
  }

  async getPlanContext(planId: string): Promise<PlanContext | null> {
    // One round trip: the plan, its product and its company, each as a JSON object.
    const row = await this.sql.row(
      `SELECT to_json(p) AS plan, to_json(pr) AS product, to_json(c) AS company
       FROM plans p JOIN products pr ON pr.id = p.product_id
       JOIN companies c ON c.id = pr.company_id WHERE p.id = $1`,
      [planId],
    );
    if (!row) return null;
    return {
      plan: toPlan(row.plan as Record<string, unknown>),
      product: toProduct(row.product as Record<string, unknown>),
      company: toCompany(row.company as Record<string, unknown>),
    };
  }

  async getPlanView(planId: string): Promise<PlanView | null> {
    const context = await this.getPlanContext(planId);
    return context ? toPlanView(context) : null;
  }

  async upsertCompany(company: WithOptionalId<CompanyRecord>): Promise<CompanyRecord> {
    const row = await this.sql.row(
      `INSERT INTO companies (id, title, redirect_url, allowed_origins) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET title = excluded.title,
         redirect_url = excluded.redirect_url, allowed_origins = excluded.allowed_origins
       RETURNING *`,
      [
        company.id ?? newId("biz"),
        company.title,
        company.redirect_url,
        JSON.stringify(company.allowed_origins),
      ],
    );
    return toCompany(row!);
  }

  async upsertProduct(product: WithOptionalId<ProductRecord>): Promise<ProductRecord> {
    const row = await this.sql.row(
      `INSERT INTO products (id, company_id, title, headline, description, logo_url, route,
         redirect_url, terms_url, visibility)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (id) DO UPDATE SET title = excluded.title, headline = excluded.headline,
         description = excluded.description, logo_url = excluded.logo_url,
         route = excluded.route, redirect_url = excluded.redirect_url,
         terms_url = excluded.terms_url, visibility = excluded.visibility
       RETURNING *`,
      [
        product.id ?? newId("prod"),
        product.company_id,
        product.title,
        product.headline,
        product.description,
        product.logo_url,
        product.route,
        product.redirect_url,
        product.terms_url,
        product.visibility,
      ],
    );
    return toProduct(row!);
  }

  async upsertPlan(plan: WithOptionalId<PlanRecord>): Promise<PlanRecord> {
    const row = await this.sql.row(
      `INSERT INTO plans (id, product_id, plan_type, release_method, visibility, base_currency,
         initial_price, renewal_price, billing_period, trial_period_days, expiration_days,
         unlimited_stock, stock, description, custom_fields, collect_address, collect_shipping,
         collect_phone)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
       ON CONFLICT (id) DO UPDATE SET plan_type = excluded.plan_type,
         release_method = excluded.release_method, visibility = excluded.visibility,
         base_currency = excluded.base_currency, initial_price = excluded.initial_price,
         renewal_price = excluded.renewal_price, billing_period = excluded.billing_period,
         trial_period_days = excluded.trial_period_days,
         expiration_days = excluded.expiration_days, unlimited_stock = excluded.unlimited_stock,
         stock = excluded.stock, description = excluded.description,
         custom_fields = excluded.custom_fields, collect_address = excluded.collect_address,
         collect_shipping = excluded.collect_shipping, collect_phone = excluded.collect_phone
       RETURNING *`,
      [
        plan.id ?? newId("plan"),
        plan.product_id,
        plan.plan_type,
        plan.release_method,
        plan.visibility,
        plan.base_currency,
        plan.initial_price,
        plan.renewal_price,
        plan.billing_period,
        plan.trial_period_days,
        plan.expiration_days,
        plan.unlimited_stock,
        plan.stock,
        plan.description,
        JSON.stringify(plan.custom_fields),
        plan.collect_address,
        plan.collect_shipping,
        plan.collect_phone,
      ],
    );
    return toPlan(row!);
  }

  async isRouteTaken(route: string, exceptId: string | null): Promise<boolean> {
    const row = await this.sql.row(
      "SELECT 1 FROM products WHERE route = $1 AND id IS DISTINCT FROM $2",
      [route, exceptId],
    );
    return row !== undefined;
  }

  async createSession(input: NewSession): Promise<SessionRecord> {
    const row = await this.sql.row(
      `INSERT INTO checkout_sessions (id, plan_id, metadata, redirect_url, expires_at)
       VALUES ($1, $2, $3, $4, $5) RETURNING *`,
      [
        input.id ?? newId("ch"),
        input.plan_id,
        JSON.stringify(input.metadata ?? {}),
        input.redirect_url ?? null,
        input.expires_at,
      ],
    );
    return toSession(row!);
  }

  async getSession(id: string): Promise<SessionRecord | null> {
    const row = await this.sql.row("SELECT * FROM checkout_sessions WHERE id = $1", [id]);
    return row ? toSession(row) : null;
  }
}

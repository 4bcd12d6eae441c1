/**
 * Validated catalog and settings operations. The server API, the CLI and the demo seed all go
 * through these, so every way of changing the catalog applies the same rules.
 */
import * as v from "valibot";
import {
  type IdPrefix,
  idPattern,
  PLAN_TYPES,
  RELEASE_METHODS,
  VISIBILITIES,
} from "../protocol/index.ts";
import { TOKEN } from "../settings.ts";
import { EMBED_ORIGIN } from "./embed/frame-ancestors.ts";
import { forbidden, notFound } from "./http/guards.ts";
import { HttpError } from "./http/http-error.ts";
import { customFieldIdField, httpUrlField, parseInput } from "./http/validation.ts";
import type { Store } from "./store/interface.ts";
import type { CompanyRecord, PlanRecord, ProductRecord } from "./store/records.ts";
import {
  type ApiKeyRecord,
  type EndpointRecord,
  type PromoRecord,
  WEBHOOK_EVENTS,
} from "./store/records.ts";
import { refusedTarget } from "./webhooks/target.ts";

const text = (name: string, max: number) =>
  v.pipe(v.string(`${name} must be a string.`), v.trim(), v.maxLength(max, `${name} is too long.`));
const requiredText = (name: string, max: number) =>
  v.pipe(text(name, max), v.minLength(1, `${name} is required.`));
const optionalText = (name: string, max: number) => v.optional(v.nullable(text(name, max)), null);

const optionalUrl = (name: string) => v.optional(v.nullable(httpUrlField(name)), null);

const count = (name: string, min: number) =>
  v.pipe(
    v.number(`${name} must be a number.`),
    v.integer(`${name} must be a whole number.`),
    v.minValue(min, `${name} must be at least ${min}.`),
    v.maxValue(1e12, `${name} is too large.`),
  );
const optionalCount = (name: string, min: number) => v.optional(v.nullable(count(name, min)), null);

const id = (prefix: IdPrefix) =>
  v.pipe(
    v.string(`must be a ${prefix}_… id.`),
    v.regex(idPattern(prefix), `must look like ${prefix}_XXXXXXXX.`),
  );

export const CompanySchema = v.strictObject({
  id: v.optional(id("biz")),
  title: requiredText("title", 200),
  redirect_url: optionalUrl("redirect_url"),
  allowed_origins: v.optional(
    v.pipe(
      v.array(
        v.pipe(
          v.string("allowed_origins must be strings."),
          v.regex(EMBED_ORIGIN, "allowed_origins must be origins like https://shop.example."),
        ),
        "allowed_origins must be an array of origins.",
      ),
      v.maxLength(50, "allowed_origins may list at most 50 origins."),
    ),
    [],
  ),
});

export const ProductSchema = v.strictObject({
  id: v.optional(id("prod")),
  company_id: id("biz"),
  title: requiredText("title", 200),
  headline: optionalText("headline", 300),
  description: optionalText("description", 5000),
  logo_url: optionalUrl("logo_url"),
  route: v.pipe(
    v.string("route must be a string."),
    v.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "route must be lower-case letters, digits and dashes."),
  ),
  redirect_url: optionalUrl("redirect_url"),
  terms_url: optionalUrl("terms_url"),
  visibility: v.optional(v.picklist(VISIBILITIES, "visibility is not a known value."), "visible"),
});

const CustomFieldSchema = v.strictObject({
  id: customFieldIdField,
  field_type: v.optional(v.literal("text", 'field_type must be "text".'), "text"),
  name: requiredText("name", 100),
  placeholder: optionalText("placeholder", 200),
  required: v.optional(v.boolean("required must be true or false."), false),
  order: v.optional(count("order", 0), 0),
});

/** A plan's fields; `PlanSchema` adds the checks across them. */
export const PlanFields = v.strictObject({
  id: v.optional(id("plan")),
  product_id: id("prod"),
  plan_type: v.picklist(PLAN_TYPES, 'plan_type must be "one_time" or "renewal".'),
  release_method: v.optional(
    v.picklist(RELEASE_METHODS, "release_method is not a known value."),
    "buy_now",
  ),
  visibility: v.optional(v.picklist(VISIBILITIES, "visibility is not a known value."), "visible"),
  base_currency: v.pipe(
    v.string("base_currency must be a string."),
    v.toLowerCase(),
    v.regex(/^[a-z]{3}$/, "base_currency must be a three-letter ISO 4217 code."),
  ),
  initial_price: count("initial_price", 0),
  renewal_price: v.optional(count("renewal_price", 0), 0),
  billing_period: optionalCount("billing_period", 1),
  trial_period_days: optionalCount("trial_period_days", 0),
  expiration_days: optionalCount("expiration_days", 1),
  unlimited_stock: v.optional(v.boolean("unlimited_stock must be true or false."), true),
  stock: v.optional(count("stock", 0), 0),
  description: optionalText("description", 1000),
  custom_fields: v.optional(
    v.pipe(v.array(CustomFieldSchema), v.maxLength(20, "at most 20 custom fields.")),
    [],
  ),
  collect_address: v.optional(v.boolean("collect_address must be true or false."), false),
  collect_shipping: v.optional(v.boolean("collect_shipping must be true or false."), false),
  collect_phone: v.optional(v.boolean("collect_phone must be true or false."), false),
});

export const PlanSchema = v.pipe(
  PlanFields,
  v.forward(
    v.check(
      (plan) => plan.plan_type === "one_time" || plan.billing_period !== null,
      "billing_period is required for renewal plans.",
    ),
    ["billing_period"],
  ),
);

/** A promo code's fields; `PromoSchema` adds the checks across them. */
export const PromoFields = v.strictObject({
  company_id: id("biz"),
  code: v.pipe(
    v.string("code must be a string."),
    v.trim(),
    v.regex(TOKEN, "code must be 1 to 64 letters, digits, - or _."),
  ),
  percent_off: v.optional(
    v.nullable(
      v.pipe(
        v.number("percent_off must be a number."),
        v.integer("percent_off must be a whole number."),
        v.minValue(1, "percent_off must be 1 to 100."),
        v.maxValue(100, "percent_off must be 1 to 100."),
      ),
    ),
    null,
  ),
  amount_off: optionalCount("amount_off", 1),
  currency: v.optional(
    v.nullable(
      v.pipe(
        v.string(),
        v.toLowerCase(),
        v.regex(/^[a-z]{3}$/, "currency must be a three-letter ISO 4217 code."),
      ),
    ),
    null,
  ),
  plan_ids: v.optional(v.array(id("plan")), []),
  expires_at: v.optional(
    v.nullable(v.pipe(v.string(), v.isoTimestamp("expires_at must be an ISO 8601 timestamp."))),
    null,
  ),
  max_redemptions: optionalCount("max_redemptions", 1),
});

const PromoSchema = v.pipe(
  PromoFields,
  v.forward(
    v.check(
      (promo) => (promo.percent_off === null) !== (promo.amount_off === null),
      "Give exactly one of percent_off and amount_off.",
    ),
    ["percent_off"],
  ),
  v.forward(
    v.check(
      (promo) => promo.amount_off === null || promo.currency !== null,
      "currency is required with amount_off.",
    ),
    ["currency"],
  ),
);

export const WebhookEndpointSchema = v.strictObject({
  url: httpUrlField("url"),
  events: v.optional(v.array(v.picklist(WEBHOOK_EVENTS, "events lists an unknown event.")), []),
});

export async function saveCompany(store: Store, input: unknown): Promise<CompanyRecord> {
  return await store.upsertCompany(parseInput(CompanySchema, input));
}

/** Changes some settings of a company (title, redirect URL, allowed origins). */
export async function updateCompany(
  store: Store,
  companyId: string,
  patch: object,
): Promise<CompanyRecord> {
  const company = await store.getCompany(companyId);
  if (!company) throw notFound("company", companyId, "company_id");
  return await saveCompany(store, { ...company, ...patch, id: companyId });
}

export async function saveProduct(store: Store, input: unknown): Promise<ProductRecord> {
  const product = parseInput(ProductSchema, input);
  if (!(await store.getCompany(product.company_id))) {
    throw notFound("company", product.company_id, "company_id");
  }
  const existing = product.id ? await store.getProduct(product.id) : null;
  if (existing && existing.company_id !== product.company_id) {
    throw forbidden("product", existing.id, "id");
  }
  if (await store.isRouteTaken(product.route, product.id ?? null)) {
    throw new HttpError(409, "route_taken", `The route ${product.route} is already used.`, "route");
  }
  return await store.upsertProduct(product);
}

export async function updateProduct(
  store: Store,
  productId: string,
  patch: object,
): Promise<ProductRecord> {
  const product = await store.getProduct(productId);
  if (!product) throw notFound("product", productId, "id");
  return await saveProduct(store, {
    ...product,
    ...patch,
    id: productId,
    company_id: product.company_id,
  });
}

export async function savePlan(store: Store, input: unknown): Promise<PlanRecord> {
  const plan = parseInput(PlanSchema, input);
  if (!(await store.getProduct(plan.product_id))) {
    throw notFound("product", plan.product_id, "product_id");
  }
  return await store.upsertPlan(plan);
}

export async function updatePlan(store: Store, planId: string, patch: object): Promise<PlanRecord> {
  const context = await store.getPlanContext(planId);
  if (!context) throw notFound("plan", planId, "id");
  return await savePlan(store, {
    ...context.plan,
    ...patch,
    id: planId,
    product_id: context.plan.product_id,
  });
}

export async function savePromo(store: Store, input: unknown): Promise<PromoRecord> {
  const promo = parseInput(PromoSchema, input);
  if (!(await store.getCompany(promo.company_id))) {
    throw notFound("company", promo.company_id, "company_id");
  }
  const plans = new Set((await store.listPlans(promo.company_id)).map((plan) => plan.id));
  const stranger = promo.plan_ids.find((planId) => !plans.has(planId));
  if (stranger) throw notFound("plan", stranger, "plan_ids");
  return await store.promos.upsert(promo);
}

export async function createApiKey(
  store: Store,
  companyId: string,
  name: string,
): Promise<{ key: string; record: ApiKeyRecord }> {
  if (!(await store.getCompany(companyId))) throw notFound("company", companyId, "company_id");
  return await store.apiKeys.create(companyId, parseInput(requiredText("name", 100), name));
}

/** Where a new webhook endpoint may point (see webhooks/target.ts). */
interface WebhookTargetRules {
  /** Loopback, private and link-local addresses too (local development). */
  allowPrivate: boolean;
  /** The platform's own origin, never a target: it would post to its own API. */
  platformOrigin: string;
}

export async function addWebhookEndpoint(
  store: Store,
  companyId: string,
  input: unknown,
  rules: WebhookTargetRules,
): Promise<EndpointRecord> {
  if (!(await store.getCompany(companyId))) throw notFound("company", companyId, "company_id");
  const endpoint = parseInput(WebhookEndpointSchema, input);
  const platformOrigin = new URL(rules.platformOrigin).origin;
  const refusal =
    new URL(endpoint.url).origin === platformOrigin
      ? `url must not be the platform's own origin (${platformOrigin}).`
      : await refusedTarget(endpoint.url, rules.allowPrivate);
  if (refusal) throw new HttpError(400, "invalid_request", refusal, "url");
  return await store.webhooks.addEndpoint({ company_id: companyId, ...endpoint });
}

import { Hono } from "hono";
import * as v from "valibot";
import { type CheckoutSessionView, PAYMENT_STATUSES } from "../../../protocol/index.ts";
import { authenticate } from "../../http/auth.ts";
import { notFound, owned } from "../../http/guards.ts";
import { HttpError } from "../../http/http-error.ts";
import { httpUrlField, parseInput, planIdField, readJson } from "../../http/validation.ts";
import type { Store } from "../../store/interface.ts";
import type { SessionRecord } from "../../store/records.ts";

const DAY = 86_400;

const SessionSchema = v.strictObject({
  plan_id: planIdField,
  metadata: v.optional(
    v.pipe(
      v.record(
        v.pipe(
          v.string(),
          v.regex(/^[\w.-]{1,40}$/, "metadata keys are up to 40 letters, digits, ., - or _."),
        ),
        v.nullable(
          v.union(
            [
              v.pipe(v.string(), v.maxLength(500, "metadata values are at most 500 characters.")),
              v.number(),
              v.boolean(),
            ],
            "metadata values must be strings, numbers, booleans or null.",
          ),
        ),
      ),
      v.maxEntries(50, "metadata may carry at most 50 keys."),
    ),
    {},
  ),
  redirect_url: v.optional(v.nullable(httpUrlField("redirect_url")), null),
  expires_in: v.optional(
    v.pipe(
      v.number("expires_in must be a number of seconds."),
      v.integer("expires_in must be whole seconds."),
      v.minValue(60, "expires_in must be at least 60 seconds."),
      v.maxValue(30 * DAY, "expires_in must be at most 30 days."),
    ),
    DAY,
  ),
});

const ListQuery = v.object({
  plan_id: v.optional(planIdField),
  status: v.optional(v.picklist(PAYMENT_STATUSES, "status is not a known payment status.")),
  email: v.optional(v.pipe(v.string(), v.maxLength(254))),
  limit: v.optional(
    v.pipe(
      v.string(),
      v.transform(Number),
      v.integer("limit must be a whole number."),
      v.minValue(1, "limit must be 1 to 100."),
      v.maxValue(100, "limit must be 1 to 100."),
    ),
  ),
});

export const sessionView = (session: SessionRecord): CheckoutSessionView => ({
  id: session.id,
  plan_id: session.plan_id,
  expires_at: session.expires_at,
  metadata: session.metadata,
  redirect_url: session.redirect_url,
  created_at: session.created_at,
});

const ownedPlan = owned("plan");
const ownedPayment = owned("payment");

/**
 * Server-to-server commerce routes (Bearer API key): checkout sessions with metadata,
 * payments, receipts, memberships, waitlist/raffle entries and webhook deliveries.
 */
export function merchantCommerceRoutes(store: Store) {
  const app = new Hono();

  app.post("/checkout_sessions", async (c) => {
    const company = authenticate(store, c);
    const body = await readJson(c, SessionSchema);
    const { plan } = ownedPlan(store, company, body.plan_id, "plan_id");
    const session = store.createSession({
      plan_id: plan.id,
      metadata: body.metadata,
      redirect_url: body.redirect_url,
      expires_at: new Date(Date.now() + body.expires_in * 1000).toISOString(),
    });
    return c.json({ session: sessionView(session) }, 201);
  });

  app.get("/payments", (c) => {
    const company = authenticate(store, c);
    const query = parseInput(ListQuery, c.req.query());
    if (query.plan_id) ownedPlan(store, company, query.plan_id, "plan_id");
    return c.json({ payments: store.listCompanyPayments(company.id, query) });
  });
  app.get("/payments/:id", (c) => {
    const company = authenticate(store, c);
    return c.json({ payment: ownedPayment(store, company, c.req.param("id")) });
  });

  app.get("/receipts/:id", (c) => {
    const company = authenticate(store, c);
    const id = c.req.param("id");
    const receipt = store.getReceipt(id);
    if (!receipt) throw notFound("receipt", id, "id");
    const payment = ownedPayment(store, company, receipt.payment_id);
    return c.json({ receipt, payment });
  });

  app.get("/memberships", (c) => {
    const company = authenticate(store, c);
    const query = parseInput(ListQuery, c.req.query());
    if (query.plan_id) ownedPlan(store, company, query.plan_id, "plan_id");
    return c.json({ memberships: store.listMemberships(company.id, query) });
  });

  app.get("/entries", (c) => {
    const company = authenticate(store, c);
    const query = parseInput(ListQuery, c.req.query());
    if (!query.plan_id)
      throw new HttpError(400, "invalid_request", "plan_id is required.", "plan_id");
    ownedPlan(store, company, query.plan_id, "plan_id");
    return c.json({ entries: store.entries.list(query.plan_id) });
  });

  app.get("/webhook_deliveries", (c) => {
    const company = authenticate(store, c);
    return c.json({
      webhook_deliveries: store.webhooks.listDeliveries({ company_id: company.id }),
    });
  });
  app.post("/webhook_deliveries/:id/replay", (c) => {
    const company = authenticate(store, c);
    const id = c.req.param("id");
    const delivery = store.webhooks.getDelivery(id);
    if (!delivery || delivery.company_id !== company.id) {
      throw notFound("delivery", id, "id");
    }
    return c.json({ webhook_delivery: store.webhooks.replay(id) });
  });

  return app;
}

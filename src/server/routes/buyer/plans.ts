import { Hono } from "hono";
import * as v from "valibot";
import { findOpenPlan } from "../../checks.ts";
import { notFound, pathId } from "../../http/guards.ts";
import { promoCodeField, readJson } from "../../http/validation.ts";
import { findPromo, quote } from "../../pricing.ts";
import type { Store } from "../../store/interface.ts";

const QuoteSchema = v.strictObject({
  promo_code: v.optional(v.nullable(promoCodeField)),
});

const planId = pathId("plan");

/**
 * `GET /api/v1/plans/:id`: the plan with its product and company, as the buyer sees them.
 * `POST /api/v1/plans/:id/quote`: the price after a promo code.
 */
export function planRoutes(store: Store) {
  return new Hono()
    .get("/:id", (c) => {
      const id = planId(c.req.param("id"));
      const view = store.getPlanView(id);
      if (!view) throw notFound("plan", id, "id");
      c.header("Cache-Control", "no-store");
      return c.json(view);
    })
    .post("/:id/quote", async (c) => {
      const id = planId(c.req.param("id"));
      const body = await readJson(c, QuoteSchema);
      const context = findOpenPlan(store, id, "id");
      const promo = findPromo(store, context, body.promo_code ?? undefined);
      c.header("Cache-Control", "no-store");
      return c.json(quote(context.plan, promo));
    });
}

import { Hono } from "hono";
import * as v from "valibot";
import { findOpenPlan } from "../../checks.ts";
import { notFound, pathId } from "../../http/guards.ts";
import { changesOnly, markPublic, matchesEtag } from "../../http/public-answers.ts";
import { promoCodeField, readJson } from "../../http/validation.ts";
import { findPromo, quote } from "../../pricing.ts";
import type { Store } from "../../store/interface.ts";
import type { PlanViews } from "./plan-views.ts";

export const QuoteSchema = v.strictObject({
  promo_code: v.optional(v.nullable(promoCodeField)),
});

const planId = pathId("plan");

/**
 * `GET /api/v1/plans/:id`: the plan with its product and company, as the buyer sees them: the
 * same for everyone, so a browser or CDN may keep it if it asks again each time (`no-cache`
 * with an ETag: an unchanged plan costs a 304), and this server answers it from memory while
 * the view lasts (public-answers.ts).
 * `POST /api/v1/plans/:id/quote`: the price after a promo code.
 */
export function planRoutes(store: Store, views: PlanViews) {
  return new Hono()
    .get("/:id", async (c) => {
      const id = planId(c.req.param("id"));
      const view = await views.get(id);
      if (!view) throw notFound("plan", id, "id");
      c.header("Cache-Control", "public, no-cache");
      c.header("ETag", view.etag);
      markPublic(c, view.expires, id);
      // On the 304 too: else the HTTP adapter labels the empty answer text/plain, which a cache
      // refreshing its stored copy from it could take over.
      c.header("Content-Type", "application/json");
      if (matchesEtag(c.req.header("if-none-match"), view.etag)) return c.body(null, 304);
      return c.body(view.body);
    })
    .post("/:id/quote", async (c) => {
      const id = planId(c.req.param("id"));
      const body = await readJson(c, QuoteSchema);
      const context = await findOpenPlan(store, id, "id");
      const promo = await findPromo(store, context, body.promo_code ?? undefined);
      c.header("Cache-Control", "no-store");
      // A price asked for changes nothing.
      changesOnly(c, []);
      return c.json(quote(context.plan, promo));
    });
}

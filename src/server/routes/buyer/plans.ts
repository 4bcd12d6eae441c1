import { Hono } from "hono";
import * as v from "valibot";
import { PLAN_ID } from "../../../protocol/index.ts";
import { findOpenPlan } from "../../checks.ts";
import { HttpError } from "../../http/http-error.ts";
import { readJson } from "../../http/validation.ts";
import { findPromo, quote } from "../../pricing.ts";
import type { Store } from "../../store/store.ts";

const QuoteSchema = v.strictObject({
  promo_code: v.optional(
    v.nullable(
      v.pipe(
        v.string("promo_code must be a string."),
        v.trim(),
        v.regex(/^[\w-]{0,64}$/, "promo_code must be up to 64 letters, digits, - or _."),
      ),
    ),
  ),
});

function planId(id: string): string {
  if (!PLAN_ID.test(id)) {
    throw new HttpError(400, "invalid_plan_id", "The plan id must look like plan_XXXXXXXX.", "id");
  }
  return id;
}

/**
 * `GET /api/v1/plans/:id`: the plan with its product and company, as the buyer sees them.
 * `POST /api/v1/plans/:id/quote`: the price after a promo code.
 */
export function planRoutes(store: Store) {
  return new Hono()
    .get("/:id", (c) => {
      const id = planId(c.req.param("id"));
      const view = store.getPlanView(id);
      if (!view) throw new HttpError(404, "plan_not_found", `No plan ${id} exists.`, "id");
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

import * as v from "valibot";
import { PlanSchema } from "../../src/server/catalog.ts";
import { DEMO } from "../../src/server/seed.ts";
import type { PlanRecord } from "../../src/server/store/records.ts";

/**
 * A plan of the demo product: a $10 one-time buy-now plan unless `overrides` say otherwise,
 * every field not given taking PlanSchema's default.
 */
export const planFields = (overrides: Partial<PlanRecord> = {}) =>
  v.parse(PlanSchema, {
    product_id: DEMO.product,
    plan_type: "one_time",
    base_currency: "usd",
    initial_price: 1000,
    ...overrides,
  });

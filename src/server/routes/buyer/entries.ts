import { Hono } from "hono";
import * as v from "valibot";
import { checkCustomAnswers, checkSession, findOpenPlan } from "../../checks.ts";
import { HttpError } from "../../http/http-error.ts";
import { changesOnly } from "../../http/public-answers.ts";
import {
  customFieldAnswersField,
  emailField,
  optionalSessionIdField,
  planIdField,
  readJson,
} from "../../http/validation.ts";
import { toEntryView } from "../../store/entries.ts";
import type { Store } from "../../store/interface.ts";

export const EntrySchema = v.strictObject({
  plan_id: planIdField,
  session_id: optionalSessionIdField,
  email: emailField,
  custom_fields: v.optional(customFieldAnswersField),
});

/**
 * `POST /api/v1/entries`: join a waitlist or enter a raffle. One entry per email per plan: a
 * repeat returns the existing entry with 200 (a new one answers 201), so retries are safe.
 */
export function entryRoutes(store: Store) {
  return new Hono().post("/", async (c) => {
    const body = await readJson(c, EntrySchema);
    const context = await findOpenPlan(store, body.plan_id, "plan_id");
    const { plan } = context;
    if (plan.release_method === "buy_now") {
      throw new HttpError(
        422,
        "not_an_entry_plan",
        "This plan is sold directly; it has no waitlist or raffle to join.",
        "plan_id",
      );
    }
    const session = await checkSession(store, body.session_id, plan.id);

    const answers = checkCustomAnswers(plan.custom_fields, body.custom_fields);

    const { entry, created } = await store.transaction(async (tx) => {
      const result = await tx.entries.create({
        plan_id: plan.id,
        session_id: session?.id ?? null,
        kind: plan.release_method as "waitlist" | "raffle",
        email: body.email,
        custom_fields: answers,
      });
      if (result.created) {
        await tx.webhooks.enqueue(context.company.id, "waitlist.entry_created", {
          ...result.entry,
          metadata: session?.metadata ?? {},
        });
      }
      return result;
    });
    changesOnly(c, [plan.id]);
    return c.json({ entry: toEntryView(entry) }, created ? 201 : 200);
  });
}

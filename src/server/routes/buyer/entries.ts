import { Hono } from "hono";
import * as v from "valibot";
import { checkSession, findOpenPlan } from "../../checks.ts";
import { HttpError } from "../../http/http-error.ts";
import {
  customFieldIdField,
  emailField,
  optionalSessionIdField,
  planIdField,
  readJson,
} from "../../http/validation.ts";
import { toEntryView } from "../../store/entries.ts";
import type { Store } from "../../store/interface.ts";

const MAX_ANSWER = 1000;

const EntrySchema = v.strictObject({
  plan_id: planIdField,
  session_id: optionalSessionIdField,
  email: emailField,
  custom_fields: v.optional(
    v.pipe(
      v.record(
        customFieldIdField,
        v.pipe(
          v.string("custom field answers must be strings."),
          v.trim(),
          v.maxLength(MAX_ANSWER, `custom field answers must be at most ${MAX_ANSWER} characters.`),
        ),
      ),
      v.maxEntries(50, "custom_fields may carry at most 50 answers."),
    ),
  ),
});

/**
 * `POST /api/v1/entries`: join a waitlist or enter a raffle. One entry per email per plan: a
 * repeat returns the existing entry with 200 (a new one answers 201), so retries are safe.
 */
export function entryRoutes(store: Store) {
  return new Hono().post("/", async (c) => {
    const body = await readJson(c, EntrySchema);
    const context = findOpenPlan(store, body.plan_id, "plan_id");
    const { plan } = context;
    if (plan.release_method === "buy_now") {
      throw new HttpError(
        422,
        "not_an_entry_plan",
        "This plan is sold directly; it has no waitlist or raffle to join.",
        "plan_id",
      );
    }
    const session = checkSession(store, body.session_id, plan.id);

    const given = body.custom_fields ?? {};
    const known = new Set(plan.custom_fields.map((field) => field.id));
    const unknown = Object.keys(given).find((id) => !known.has(id));
    if (unknown !== undefined) {
      throw new HttpError(
        400,
        "unknown_custom_field",
        `This plan has no custom field "${unknown}".`,
        `custom_fields.${unknown}`,
      );
    }
    const answers: Record<string, string> = {};
    for (const field of [...plan.custom_fields].sort((a, b) => a.order - b.order)) {
      const answer = given[field.id] ?? "";
      if (field.required && answer === "") {
        throw new HttpError(
          400,
          "custom_field_required",
          `${field.name} is required.`,
          `custom_fields.${field.id}`,
        );
      }
      if (answer !== "") answers[field.id] = answer;
    }

    const { entry, created } = store.transaction(() => {
      const result = store.entries.create({
        plan_id: plan.id,
        session_id: session?.id ?? null,
        kind: plan.release_method as "waitlist" | "raffle",
        email: body.email,
        custom_fields: answers,
      });
      if (result.created) {
        store.webhooks.enqueue(context.company.id, "waitlist.entry_created", {
          ...result.entry,
          metadata: session?.metadata ?? {},
        });
      }
      return result;
    });
    return c.json({ entry: toEntryView(entry) }, created ? 201 : 200);
  });
}

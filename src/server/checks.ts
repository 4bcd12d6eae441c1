import type { CustomField } from "../protocol/index.ts";
import { notFound } from "./http/guards.ts";
import { HttpError } from "./http/http-error.ts";
import type { Store } from "./store/interface.ts";
import type { PlanContext, SessionRecord } from "./store/records.ts";

/** The plan with its product and company, or 404 naming `field`; 422 when archived. */
export async function findOpenPlan(
  store: Store,
  planId: string,
  field: string,
): Promise<PlanContext> {
  return checkOpenPlan(await store.getPlanContext(planId), planId, field);
}

/** A plan context already read (null when the plan does not exist), checked as findOpenPlan does. */
export function checkOpenPlan(
  context: PlanContext | null,
  planId: string,
  field: string,
): PlanContext {
  if (!context) throw notFound("plan", planId, field);
  if (context.plan.visibility === "archived" || context.product.visibility === "archived") {
    throw new HttpError(422, "plan_unavailable", "This plan is no longer available.", field);
  }
  return context;
}

export const isSessionExpired = (session: SessionRecord, now = Date.now()) =>
  Date.parse(session.expires_at) <= now;

/** The checkout session a buyer's request names, checked against the plan; null when none. */
export async function checkSession(store: Store, id: string | null | undefined, planId: string) {
  if (!id) return null;
  const session = await store.getSession(id);
  if (!session) throw notFound("session", id, "session_id");
  if (session.plan_id !== planId) {
    throw new HttpError(
      422,
      "session_plan_mismatch",
      `Checkout session ${id} is for plan ${session.plan_id}, not ${planId}.`,
      "session_id",
    );
  }
  if (isSessionExpired(session)) {
    throw new HttpError(
      422,
      "session_expired",
      `Checkout session ${id} has expired.`,
      "session_id",
    );
  }
  return session;
}

/**
 * The answers to keep for a plan's custom fields: each given one must be a field of the plan,
 * each required field answered (400 naming `custom_fields.<id>` otherwise); empty answers are
 * dropped. `given` has passed `customFieldAnswersField` (strings, trimmed, not too long).
 */
export function checkCustomAnswers(
  fields: CustomField[],
  given: Record<string, string> = {},
): Record<string, string> {
  const known = new Set(fields.map((field) => field.id));
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
  for (const field of [...fields].sort((a, b) => a.order - b.order)) {
    // Own keys only: a field named "toString" must not find Object.prototype's.
    const answer = Object.hasOwn(given, field.id) ? given[field.id]! : "";
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
  return answers;
}

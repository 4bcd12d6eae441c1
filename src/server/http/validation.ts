import type { Context } from "hono";
import * as v from "valibot";
import { PLAN_ID, SESSION_ID } from "../../protocol/index.ts";
import { EMAIL, MAX_EMAIL, MAX_UTM_KEYS, MAX_UTM_VALUE, TOKEN, UTM_KEY } from "../../settings.ts";
import { bodyJson } from "./body.ts";
import { HttpError } from "./http-error.ts";

/** Fields several request bodies share, with the same messages everywhere. */
export const planIdField = v.pipe(
  v.string("plan_id must be a string."),
  v.regex(PLAN_ID, "plan_id must look like plan_XXXXXXXX."),
);

export const optionalSessionIdField = v.optional(
  v.nullable(
    v.pipe(
      v.string("session_id must be a string."),
      v.regex(SESSION_ID, "session_id must look like ch_XXXXXXXX."),
    ),
  ),
);

export const emailField = v.pipe(
  v.string("email is required."),
  v.trim(),
  v.maxLength(MAX_EMAIL, "email is too long."),
  v.regex(EMAIL, "email must be a valid email address."),
);

/** A promo code as the buyer typed it, trimmed; empty means none. */
export const promoCodeField = v.pipe(
  v.string("promo_code must be a string."),
  v.trim(),
  v.check(
    (code) => code === "" || TOKEN.test(code),
    "promo_code must be up to 64 letters, digits, - or _.",
  ),
);

export const affiliateCodeField = v.pipe(
  v.string("affiliate_code must be a string."),
  v.regex(TOKEN, "affiliate_code must be letters, digits, - or _."),
);

/** The page's `utm_*` parameters, as the checkout origin passed them on. */
export const utmField = v.pipe(
  v.record(
    v.pipe(v.string(), v.regex(UTM_KEY, "utm keys must be utm_* names.")),
    v.pipe(
      v.string(),
      v.maxLength(MAX_UTM_VALUE, `utm values must be at most ${MAX_UTM_VALUE} characters.`),
    ),
  ),
  v.maxEntries(MAX_UTM_KEYS, `utm may carry at most ${MAX_UTM_KEYS} parameters.`),
);

/**
 * A custom field's id: the same letters as a code (TOKEN), except the keys a JSON object cannot
 * carry through validation (valibot drops them from records), so a field so named could never
 * be answered.
 */
export const customFieldIdField = v.pipe(
  v.string(),
  v.regex(TOKEN, "custom field ids are letters, digits, - or _."),
  v.check(
    (id) => !["__proto__", "constructor", "prototype"].includes(id),
    "custom field ids may not be __proto__, constructor or prototype.",
  ),
);

/** Longest answer to one custom field. */
const MAX_CUSTOM_ANSWER = 1000;

/**
 * A buyer's answers to a plan's custom fields, keyed by field id (entries and payments alike).
 * Their shape is checked here; which fields the plan has and requires, by `checkCustomAnswers`.
 */
export const customFieldAnswersField = v.pipe(
  v.record(
    customFieldIdField,
    v.pipe(
      v.string("custom field answers must be strings."),
      v.trim(),
      v.maxLength(
        MAX_CUSTOM_ANSWER,
        `custom field answers must be at most ${MAX_CUSTOM_ANSWER} characters.`,
      ),
    ),
  ),
  v.maxEntries(50, "custom_fields may carry at most 50 answers."),
);

/** An absolute http(s) URL: where buyers are sent, so never e.g. `javascript:`. */
export const httpUrlField = (name: string) =>
  v.pipe(
    v.string(`${name} must be a string.`),
    v.trim(),
    v.maxLength(2048, `${name} is too long.`),
    v.url(`${name} must be an absolute URL.`),
    v.check((value) => /^https?:\/\//i.test(value), `${name} must be an http or https URL.`),
  );

/**
 * Reads and validates a JSON body. Malformed JSON, a wrong content type, an oversized body or a
 * schema failure become a 400 (413 for size, see body.ts) that names the first offending field.
 */
export async function readJson<S extends v.GenericSchema>(
  c: Context,
  schema: S,
): Promise<v.InferOutput<S>> {
  const type = c.req.header("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/json")) {
    throw new HttpError(415, "unsupported_media_type", "Send the body as application/json.");
  }
  let data: unknown;
  try {
    data = await bodyJson(c);
  } catch (error) {
    // A body over the limit is a 413 of its own (body.ts); anything else here is bad JSON.
    if (error instanceof HttpError) throw error;
    throw new HttpError(400, "invalid_json", "The body is not valid JSON.");
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new HttpError(400, "invalid_request", "The body must be a JSON object.");
  }
  const reserved = reservedKeyPath(data);
  if (reserved !== null) {
    throw new HttpError(
      400,
      "invalid_request",
      `${reserved} is not accepted as a key (__proto__, constructor and prototype never are).`,
      reserved,
    );
  }
  return parseInput(schema, data);
}

const RESERVED_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * The dotted path of the first key anywhere in `value` that names an `Object.prototype` hook,
 * or null. Validation would drop some of them silently (an update that changes nothing, yet
 * answers 200); refusing them by name says why instead.
 */
function reservedKeyPath(value: unknown, path = ""): string | null {
  if (typeof value !== "object" || value === null) return null;
  for (const [key, item] of Object.entries(value)) {
    const here = path ? `${path}.${key}` : key;
    if (RESERVED_KEYS.has(key)) return here;
    const nested = reservedKeyPath(item, here);
    if (nested !== null) return nested;
  }
  return null;
}

/** Validates `data` against `schema`; a failure is a 400 naming the first offending field. */
export function parseInput<S extends v.GenericSchema>(schema: S, data: unknown): v.InferOutput<S> {
  const result = v.safeParse(schema, data);
  if (!result.success) {
    const issue = result.issues[0];
    const field = issue ? v.getDotPath(issue) : null;
    throw new HttpError(
      400,
      "invalid_request",
      issue?.message ?? "Invalid request body.",
      field ?? undefined,
    );
  }
  return result.output;
}

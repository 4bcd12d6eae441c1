import { ApiError } from "./api.ts";
import { type MessageKey, t } from "./i18n.ts";

/** A failed call as the buyer sees it. `retryable`: the same attempt may be sent again. */
export interface Problem {
  code: string;
  message: string;
  retryable: boolean;
}

/**
 * The platform's error codes that have a sentence of their own in the buyer's language; any other
 * refusal shows the platform's message (or the caller's fallback).
 */
const MESSAGES: Record<string, MessageKey> = {
  card_declined: "card_declined",
  insufficient_funds: "insufficient_funds",
  expired_card: "expired_card",
  sold_out: "soldOutBody",
  plan_unavailable: "archived",
  session_expired: "sessionOld",
  session_not_found: "sessionBad",
  promo_expired: "promoOld",
  promo_used_up: "promoUsed",
  challenge_expired: "chOld",
};

const asApiError = (error: unknown) =>
  error instanceof ApiError ? error : new ApiError(0, "network_error", "");

/** The catalogue key for an error the buyer has a sentence for, or null. */
export function knownMessage(error: unknown): MessageKey | null {
  const api = asApiError(error);
  if (api.status === 0) return "network";
  // A rate limit by its status, whatever the body: a proxy in front of the platform may answer.
  return ownValue(MESSAGES, api.code) ?? (api.status === 429 ? "tooMany" : null);
}

/**
 * The buyer-facing sentence for a failed call. A refusal with no sentence of its own shows the
 * platform's message, or `fallback` when given; a server failure never shows its details.
 */
export function problemOf(error: unknown, fallback?: MessageKey): Problem {
  const api = asApiError(error);
  const known = knownMessage(api);
  const refusal = api.status < 500 && (fallback ? t(fallback) : api.message);
  const message = known ? t(known) : refusal || t("server");
  return { code: api.code, message, retryable: api.retryable };
}

/**
 * The form field behind each field the API names; the buyer-details code adds its own fields
 * (named as the API names them) when it loads.
 */
export const FORM_FIELDS: Record<string, string> = {
  email: "email",
  name: "name",
  country: "country",
  "card.number": "cardNumber",
  "card.exp_month": "expiry",
  "card.exp_year": "expiry",
  "card.cvc": "cvc",
};

/** The form field behind an API error's `field` ("card.exp_month" → "expiry"), if any. */
export function formFieldOf(field = ""): string | null {
  const custom = /^custom_fields\.(.+)$/.exec(field);
  if (custom) return `cf_${custom[1]}`;
  return ownValue(FORM_FIELDS, field) ?? null;
}

/** `table[key]` for the table's own keys only: a code like "constructor" is not in it. */
const ownValue = <T>(table: Record<string, T>, key: string): T | undefined =>
  Object.hasOwn(table, key) ? table[key] : undefined;

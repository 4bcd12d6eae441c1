import { PLAN_ID, SESSION_ID, THEMES, type Theme } from "../src/protocol.ts";
import { logError } from "./log.ts";
import type { EmbedOptions } from "./mount.ts";

export const PREFIX = "data-whop-checkout-";
export const SELECTOR = `[${PREFIX}plan-id]`;
/** Attributes whose change means a different checkout: the embed is mounted afresh. */
export const IDENTITY_ATTRIBUTES = [`${PREFIX}plan-id`, `${PREFIX}session-id`, `${PREFIX}session`];

/** Reports a bad attribute value, naming the element, the attribute and what was expected. */
function reportBadAttribute(element: Element, name: string, value: string, problem: string): void {
  const where = element.id ? `#${element.id}` : `<${element.tagName.toLowerCase()}>`;
  logError(`${where}: ${PREFIX}${name}="${value}" ${problem}.`, element);
}

/** The theme attribute's value, or "system" (with a console error) when it is not a theme. */
export function readTheme(element: Element): Theme {
  const value = element.getAttribute(`${PREFIX}theme`) || "system";
  if (THEMES.includes(value as Theme)) return value as Theme;
  reportBadAttribute(element, "theme", value, "is not light, dark or system; using system");
  return "system";
}

/**
 * Reads an element's attributes into mount options. A missing or malformed plan or session id
 * is reported and yields null: nothing is mounted rather than a broken checkout.
 */
export function readOptions(element: Element): EmbedOptions | null {
  const planId = element.getAttribute(`${PREFIX}plan-id`)?.trim() ?? "";
  const sessionId =
    (
      element.getAttribute(`${PREFIX}session-id`) ?? element.getAttribute(`${PREFIX}session`)
    )?.trim() || null;
  const unmounted = "; nothing was mounted";
  if (!PLAN_ID.test(planId)) {
    reportBadAttribute(
      element,
      "plan-id",
      planId,
      `is not a plan id like plan_XXXXXXXX${unmounted}`,
    );
  } else if (sessionId && !SESSION_ID.test(sessionId)) {
    reportBadAttribute(
      element,
      "session-id",
      sessionId,
      `is not a session id like ch_XXXXXXXX${unmounted}`,
    );
  } else {
    return { planId, sessionId, theme: readTheme(element) };
  }
  return null;
}

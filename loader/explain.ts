import { Problem, RULES } from "./attributes.ts";
import { logError } from "./log.ts";

/** What each problem means for the embed, after the element and attribute are named. */
const CONSEQUENCES: Record<Problem, string> = {
  [Problem.BadIdentity]: "nothing was mounted",
  [Problem.BadValue]: "it is ignored and the default applies",
  [Problem.NotAFunction]: "it is not the name of a global function, so nothing was called",
  [Problem.BadRedirect]: "only http(s) URLs are followed, so the buyer was not sent there",
};

/**
 * Writes one console error naming the element, the attribute (empty for the platform's own
 * redirect URL), the value, what was expected and what happened, e.g.
 * `[whop-checkout] #buy: data-whop-checkout-theme="neon" is invalid (expected to match
 * /^(light|dark|system)$/); it is ignored and the default applies.`
 */
export function explain(element: Element, name: string, value: unknown, problem: Problem): void {
  const where = element.id ? `#${element.id}` : `<${element.localName}>`;
  const what = name ? `data-whop-checkout-${name}="${value}"` : `the redirect URL "${value}"`;
  const check = RULES.find(([rule]) => rule === name)?.[2];
  const expected = check ? ` is invalid (expected to match ${check})` : "";
  logError(`${where}: ${what}${expected}; ${CONSEQUENCES[problem]}.`, element);
}

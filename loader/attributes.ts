import { type EmbedQueryParam, PLAN_ID, SESSION_ID } from "../src/protocol.ts";

export const PREFIX = "data-whop-checkout-";
export const SELECTOR = `[${PREFIX}plan-id]`;

/** Locales ("pt-BR") and affiliate codes: letters, digits, "_" and "-". */
const TOKEN = /^[\w-]{1,64}$/;

/**
 * The attributes that become iframe query parameters, as `[name, parameter, check]`, so that
 * attributes, programmatic options and parameters follow one generic path:
 *   - the option name is the attribute's name in camelCase (`prefill-email` → `prefillEmail`);
 *   - the parameter is the attribute's name unless given ("": the same);
 *   - with a check, the value must match it and is passed on as the parameter;
 *   - without one, it is a flag: present → parameter "1".
 * The first three are the checkout's identity: a bad one mounts nothing, and so does a missing
 * plan id when there is no session id. The loader's own settings (`return-url`, `on-complete`,
 * `on-state-change`, `identifier`, `skip-redirect`, `skip-utm`) are read, live, where they are
 * used (see mount.ts, purchase.ts and api.ts).
 */
export const RULES: [name: string, param?: EmbedQueryParam | "", check?: RegExp][] = [
  ["session", "", SESSION_ID],
  ["session-id", "session", SESSION_ID],
  ["plan-id", "plan", PLAN_ID],
  ["theme", "", /^(light|dark|system)$/],
  ["theme-accent-color", "accent", /^#?[\da-f]{6}$/i],
  ["locale", "", TOKEN],
  ["prefill-email", "email", /^\S+@\S+$/],
  ["prefill-name", "name", /./],
  ["hide-price", "hide_price"],
  ["hide-submit-button", "hide_submit"],
  ["hide-tos", "hide_tos"],
  ["affiliate-code", "affiliate", TOKEN],
];

/** The option name of an attribute: `theme-accent-color` → `themeAccentColor`. */
export const optionName = (name: string) =>
  name.replace(/-(.)/g, (_, letter: string) => letter.toUpperCase());

/** Problems with an attribute, spelled out by the on-demand helpers (see explain.ts). */
export enum Problem {
  /** A bad plan or session id: nothing was mounted. */
  BadIdentity,
  /** A bad optional value: ignored, the default applies. */
  BadValue,
  /** A callback name that is not a global function. */
  NotAFunction,
  /** A redirect URL that is not http(s): not followed. */
  BadRedirect,
}

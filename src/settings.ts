/**
 * How the embed's settings are named, shared by the loader (which reads them from the page),
 * the checkout origin (which checks them) and the checkout app: one attribute per setting,
 * `data-whop-checkout-<kebab-case name>`, and one option of `mount()`, the same name in
 * camelCase. Console messages about a setting quote the attribute.
 */

export const PREFIX = "data-whop-checkout-";

/**
 * Every setting, by option name (`EmbedOptions` of `mount()` has exactly these, plus `origin`,
 * the checkout origin; integrations/controller.ts checks that at compile time).
 */
export const SETTINGS = [
  "planId",
  "sessionId",
  "session",
  "theme",
  "themeAccentColor",
  "locale",
  "prefillEmail",
  "prefillName",
  "hidePrice",
  "hideSubmitButton",
  "hideTos",
  "affiliateCode",
  "returnUrl",
  "skipRedirect",
  "skipUtm",
  "onComplete",
  "onStateChange",
  "identifier",
] as const;

export type SettingName = (typeof SETTINGS)[number];

/**
 * A setting as the attribute it stands for, for console messages: `("themeAccentColor",
 * "red")` → `data-whop-checkout-theme-accent-color="red"`.
 */
export const asAttribute = (option: string, value: unknown) =>
  `${PREFIX}${option.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}="${value}"`;

/** The warning for a theme the checkout does not have (at load or changed live). */
export const themeWarning = (value: string) =>
  `${asAttribute("theme", value.slice(0, 80))} is not light, dark or system; the default (system) applies.`;

// Value rules shared by the checkout origin's query check, the payment API and the form.

/** An email address as the checkout accepts it (the processor's own check is stricter). */
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const MAX_EMAIL = 254;
/** An affiliate or promo code: letters, digits, `_` and `-`. */
export const TOKEN = /^[\w-]{1,64}$/;
/** The page's `utm_*` parameters travel with the payment, at most this many and this long. */
export const UTM_KEY = /^utm_[a-z_]{1,32}$/;
export const MAX_UTM_KEYS = 10;
export const MAX_UTM_VALUE = 200;

/** What every console line of the checkout (loader, checkout origin, CLI) starts with. */
export const LOG_PREFIX = "[whop-checkout]";

import { PLAN_ID, SESSION_ID } from "../src/protocol/index.ts";
import { PREFIX } from "../src/settings.ts";

export { asAttribute, PREFIX } from "../src/settings.ts";
export const SELECTOR = `[${PREFIX}plan-id]`;
export const THEME = `${PREFIX}theme`;
/** The name of the animation that makes the browser point out each rendered container. */
export const SEEN = "whop-checkout";

/**
 * An embed's settings, by option name: the attributes' names in camelCase without the prefix
 * (`data-whop-checkout-theme-accent-color` → `themeAccentColor`), as `mount()` takes them.
 * Strings, `true` for flags set by option, or functions for `mount()`'s `on*` callbacks.
 */
export type Settings = Record<string, unknown>;

/**
 * The checkout's identity, checked here because a bad one mounts nothing: `[option, shape]`.
 * Every other setting is checked by the checkout origin, which spells out what it could not use
 * in a `warning` message (see mount.ts).
 */
export const IDENTITY: [name: string, shape: RegExp][] = [
  ["session", SESSION_ID],
  ["sessionId", SESSION_ID],
  ["planId", PLAN_ID],
];

/** A kebab-case name in camelCase, as `dataset` spells it: "whop-checkout" → "whopCheckout". */
type CamelCase<Name extends string> = Name extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : Name;

/**
 * `PREFIX` as the start of a `dataset` key. Written out, for the loader's byte budget, but
 * typed as derived from `PREFIX`, so the two cannot disagree.
 */
const DATASET_PREFIX: typeof PREFIX extends `data-${infer Name}-` ? CamelCase<Name> : never =
  "whopCheckout";

/** Where a setting's name starts in a `dataset` key. */
const AT = DATASET_PREFIX.length;

/** The settings of a container: its `data-whop-checkout-*` attributes, through `dataset`. */
export function settingsOf(element: HTMLElement): Settings {
  const settings: Settings = {};
  const data = element.dataset;
  for (const key in data) {
    // "whopCheckoutThemeAccentColor" → "themeAccentColor"
    if (key.startsWith(DATASET_PREFIX)) {
      settings[key[AT]!.toLowerCase() + key.slice(AT + 1)] = data[key];
    }
  }
  return settings;
}

/** Whether a flag (`skipUtm`, `skipRedirect`) is set: a present attribute, or `true`. */
export const isSet = (value: unknown) => value != null && value !== false;

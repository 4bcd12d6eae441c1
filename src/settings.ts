/**
 * How the embed's settings are named, shared by the loader (which reads them from the page),
 * the checkout origin (which checks them) and the checkout app: one attribute per setting,
 * `data-whop-checkout-<kebab-case name>`, and one option of `mount()`, the same name in
 * camelCase. Console messages about a setting quote the attribute.
 */

export const PREFIX = "data-whop-checkout-";

/**
 * The parts of a postal address: the suffix of their `prefill-*` settings (option name) and
 * their name in the payment API's `billing_address` and `shipping_address`. The billing
 * country is the payment's own `country` (the form's country field).
 */
const ADDRESS_PARTS = [
  ["Line1", "line1"],
  ["Line2", "line2"],
  ["City", "city"],
  ["State", "state"],
  ["PostalCode", "postal_code"],
  ["Country", "country"],
] as const;
type AddressSuffix = (typeof ADDRESS_PARTS)[number][0];

/** `prefillAddress` → `prefillAddressLine1`, …, `prefillAddressCountry`. */
const addressSettings = <Prefix extends string>(prefix: Prefix) =>
  ADDRESS_PARTS.map(([suffix]) => `${prefix}${suffix}` as `${Prefix}${AddressSuffix}`);

/**
 * Each `prefill-*` setting of the buyer's addresses, and the form field it fills, named as the
 * payment body names it: `prefillShippingAddressPostalCode` → `shipping_address.postal_code`,
 * `prefillAddressCity` → `billing_address.city`; the billing country is `country`.
 */
export const ADDRESS_PREFILLS = /* @__PURE__ */ addressPrefills();

function addressPrefills(): Record<string, string> {
  const fields: Record<string, string> = { prefillShippingName: "shipping_address.name" };
  for (const [suffix, name] of ADDRESS_PARTS) {
    fields[`prefillAddress${suffix}`] = name === "country" ? "country" : `billing_address.${name}`;
    fields[`prefillShippingAddress${suffix}`] = `shipping_address.${name}`;
  }
  return fields;
}

/**
 * Every setting, by option name (`EmbedOptions` of `mount()` has exactly these, plus `origin`,
 * the checkout origin; integrations/controller.ts checks that at compile time).
 */
export const SETTINGS = /* @__PURE__ */ settingNames();

function settingNames() {
  return [
    "planId",
    "sessionId",
    "session",
    "theme",
    "themeAccentColor",
    "themeBackgroundColor",
    "themeBorderRadius",
    "themeHighContrast",
    "themeButtonText",
    "themeFont",
    "locale",
    "prefillEmail",
    "prefillName",
    ...addressSettings("prefillAddress"),
    "prefillShippingName",
    ...addressSettings("prefillShippingAddress"),
    "collectAddress",
    "collectShipping",
    "collectPhoneNumbers",
    "hideAddress",
    "hideEmail",
    "disableEmail",
    "promoCode",
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
}

export type SettingName = (typeof SETTINGS)[number];

/** The font stacks the checkout offers (system fonts only: nothing is downloaded). */
export const FONTS = ["system", "serif", "mono", "rounded"] as const;
export type Font = (typeof FONTS)[number];

/** Bounds of `theme-border-radius` (px) and `theme-button-text` (characters). */
export const MAX_RADIUS = 24;
export const MAX_BUTTON_TEXT = 40;

/**
 * The types of the settings the loader forwards without reading them, for `mount()` and the
 * components (the loader's own settings are typed with `EmbedOptions`).
 */
export interface ForwardedSettings {
  /** Hex colour, or "transparent" to show the page's own background through the checkout. */
  themeBackgroundColor?: string;
  /** Corner radius in px from 0 to 24, e.g. "12" or "12px" (a string: options travel as text). */
  themeBorderRadius?: string;
  /** Stronger text and borders. */
  themeHighContrast?: boolean;
  /** The pay button's label instead of "Pay $x" (text, up to 40 characters). */
  themeButtonText?: string;
  themeFont?: Font;
  /** Hide the email field; needs a valid `prefillEmail`. */
  hideEmail?: boolean;
  /** Show the email field read-only; needs a valid `prefillEmail`. */
  disableEmail?: boolean;
  /** A promo code applied when the checkout loads. */
  promoCode?: string;
  /** Collect the full billing address (line 1–2, city, region, postal code), not only its country. */
  collectAddress?: boolean;
  /** Collect a shipping address, with the recipient's name. */
  collectShipping?: boolean;
  /** "true" (or `true`) collects a phone number; "false" collects none unless the plan asks for one. */
  collectPhoneNumbers?: boolean | "true" | "false";
  /** Hide the billing address fields (and its country) while the prefilled address is valid. */
  hideAddress?: boolean;
  prefillAddressLine1?: string;
  prefillAddressLine2?: string;
  prefillAddressCity?: string;
  /** State, province or region. */
  prefillAddressState?: string;
  prefillAddressPostalCode?: string;
  /** ISO 3166-1 alpha-2 code, e.g. "DE"; also prefills the country when no address is collected. */
  prefillAddressCountry?: string;
  prefillShippingName?: string;
  prefillShippingAddressLine1?: string;
  prefillShippingAddressLine2?: string;
  prefillShippingAddressCity?: string;
  prefillShippingAddressState?: string;
  prefillShippingAddressPostalCode?: string;
  prefillShippingAddressCountry?: string;
}

/**
 * Settings of the platform's own embed that this checkout does not have, by option name, with
 * what to do instead: each is answered with one console warning rather than "unknown". Any
 * `style-*` attribute (`styleContainerPaddingTop`, …) is answered with `UNSUPPORTED.style`.
 */
export const UNSUPPORTED: Record<string, string> = {
  environment:
    "there is one environment per checkout origin (test mode here); choose it with the loader's origin.",
  adaptivePricing: "prices show and are charged in the plan's own currency.",
  setupFutureUsage: "payment methods are not saved for later charges.",
  stateId: "there is no redirect-based sign-in to resume.",
  redirectUrl: `use ${PREFIX}return-url instead.`,
  wuid: "buyers are not tracked across sites.",
  style: "give the container element its padding on your page instead.",
};

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

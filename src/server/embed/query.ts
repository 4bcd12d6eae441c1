import { regionOf } from "../../countries.ts";
import { hasCatalog, LANGUAGES } from "../../locales/index.ts";
import { type EmbedConfig, PLAN_ID, SESSION_ID, THEMES, type Theme } from "../../protocol/index.ts";
import {
  asAttribute,
  EMAIL,
  FONTS,
  type Font,
  MAX_BUTTON_TEXT,
  MAX_EMAIL,
  MAX_RADIUS,
  MAX_UTM_KEYS,
  MAX_UTM_VALUE,
  SETTINGS,
  TOKEN,
  themeWarning,
  UNSUPPORTED,
  UTM_KEY,
} from "../../settings.ts";
import { appearanceStyle, paletteFor } from "./appearance.ts";
import { type DetailsPlan, readBuyerDetails } from "./buyer-details.ts";

/**
 * Reads the query of `/embed/checkout`: the embed's settings as the loader forwarded them,
 * unchanged, under their option names. Each is checked here, on the checkout origin, so the
 * loader stays small: a value that cannot be used is dropped (its default applies) and a
 * warning says why, naming the attribute; the checkout relays the warnings to the page's
 * console. The result is what the app runs with; which buyer details it collects depends on
 * `plan` too (null: not known here), and the country its form starts with on `locale`, the
 * buyer's language.
 */
export function readEmbedQuery(
  search: string | URLSearchParams,
  plan: DetailsPlan | null = null,
  locale = "en-US",
): EmbedConfig {
  const query = new URLSearchParams(search);
  const warnings: string[] = [];
  // Long values are cut so that every warning fits in one bridge message.
  const warn = (name: string, value: string, problem: string) =>
    warnings.push(
      `${asAttribute(name, value.length > 80 ? `${value.slice(0, 80)}…` : value)} ${problem}`,
    );

  /** The value of `name` when it passes `check`, else null (with a warning when it was set). */
  const checked = (name: string, check: (value: string) => boolean, problem: string) => {
    const value = query.get(name);
    if (value === null || check(value)) return value;
    warn(name, value, problem);
    return null;
  };

  const planId = checked("planId", (id) => PLAN_ID.test(id), "is not a plan id (plan_…).");
  // `session` is an alias of `sessionId`; the canonical name wins when both are set.
  const sessionName = query.has("sessionId") ? "sessionId" : "session";
  const sessionId = checked(
    sessionName,
    (id) => SESSION_ID.test(id),
    "is not a checkout session id (ch_…).",
  );
  if (!query.has("planId") && !query.has(sessionName)) {
    warnings.push(
      `Neither ${asAttribute("planId", "…")} nor ${asAttribute("sessionId", "…")} is set: there is nothing to sell.`,
    );
  }

  let theme = query.get("theme") as Theme | null;
  if (theme !== null && !THEMES.includes(theme)) {
    warnings.push(themeWarning(theme));
    theme = null;
  }

  const accent = checked(
    "themeAccentColor",
    (value) => HEX_COLOUR.test(value),
    "is not a hex colour (#rgb or #rrggbb); the default accent applies.",
  );

  const background = checked(
    "themeBackgroundColor",
    (value) => value.toLowerCase() === "transparent" || HEX_COLOUR.test(value),
    "is not a hex colour (#rgb or #rrggbb) or transparent; the theme's background applies.",
  );
  const radius = checked(
    "themeBorderRadius",
    (value) => RADIUS.test(value) && Number.parseFloat(value) <= MAX_RADIUS,
    `is not a length from 0 to ${MAX_RADIUS} px; the default (10px) applies.`,
  );
  const buttonText = checked(
    "themeButtonText",
    (value) => BUTTON_TEXT.test(value.trim()),
    `must be 1 to ${MAX_BUTTON_TEXT} characters of text; the default label applies.`,
  );
  const font = checked(
    "themeFont",
    (value) => FONTS.includes(value as Font),
    `is not ${FONTS.slice(0, -1).join(", ")} or ${FONTS.at(-1)}; the default (system) applies.`,
  ) as Font | null;

  // The shell picks the language (see embed.ts); this only says when the asked one is missing.
  checked(
    "locale",
    hasCatalog,
    `is not one of the checkout's languages (${LANGUAGES.join(", ")}); the buyer's browser language applies.`,
  );

  const email = checked(
    "prefillEmail",
    (value) => value.length <= MAX_EMAIL && EMAIL.test(value),
    "is not an email address; the field starts empty.",
  );
  const name = checked(
    "prefillName",
    (value) => value.trim().length > 0 && value.length <= 200,
    "must be 1 to 200 characters; the field starts empty.",
  );
  // Hiding or locking the email only makes sense with one the buyer can pay with.
  const emailFlag = (flag: "hideEmail" | "disableEmail") => {
    if (!query.has(flag)) return false;
    if (email) return true;
    warn(
      flag,
      query.get(flag)!,
      `needs a valid ${asAttribute("prefillEmail", "…")}; the email field shows for the buyer to fill in.`,
    );
    return false;
  };
  const buyerDetails = readBuyerDetails(query, plan, warn);
  const hideEmail = emailFlag("hideEmail");
  const disableEmail = emailFlag("disableEmail");
  const promoCode = checked(
    "promoCode",
    (value) => TOKEN.test(value),
    "must be 1 to 64 letters, digits, _ or -; no code is applied.",
  );
  const affiliate = checked(
    "affiliateCode",
    (value) => TOKEN.test(value),
    "must be 1 to 64 letters, digits, _ or -; no affiliate is credited.",
  );

  const hostOrigin = query.get("origin") ?? "";
  const returnUrl = checked(
    "returnUrl",
    (value) => resolveReturnUrl(value, hostOrigin) !== null,
    "is not an http(s) URL or a path; the platform's redirect setting applies.",
  );

  const utm: Record<string, string> = {};
  for (const [key, value] of query) {
    if (UTM_KEY.test(key) && Object.keys(utm).length < MAX_UTM_KEYS) {
      utm[key] = value.slice(0, MAX_UTM_VALUE);
    }
  }

  for (const key of query.keys()) {
    if (KNOWN.has(key) || key.startsWith("utm_")) continue;
    const instead = UNSUPPORTED[/^style[A-Z]/.test(key) ? "style" : key];
    if (instead) {
      warn(key, query.get(key)!, `is not supported by this checkout; it is ignored: ${instead}`);
      continue;
    }
    const suggestion = closest(key);
    warn(
      key,
      query.get(key)!,
      `is not a checkout setting; it is ignored.${suggestion ? ` Did you mean ${asAttribute(suggestion, "…")}?` : ""}`,
    );
  }

  const backgroundColour =
    background && (HEX_COLOUR.test(background) ? expandHex(background) : "transparent");

  return {
    planId,
    sessionId,
    // A background colour decides the palette: the one whose text reads on it.
    theme: backgroundColour?.startsWith("#") ? paletteFor(backgroundColour) : (theme ?? "system"),
    style: appearanceStyle({
      accent: accent && expandHex(accent),
      background: backgroundColour,
      radius: radius === null ? null : Number.parseFloat(radius),
      highContrast: query.has("themeHighContrast"),
      font: font ?? "system",
    }),
    themeButtonText: buttonText?.trim() ?? null,
    prefillEmail: email ?? "",
    prefillName: name?.trim() ?? "",
    ...buyerDetails,
    country: buyerDetails.prefillDetails.country ?? regionOf(locale) ?? "US",
    hideEmail,
    disableEmail,
    promoCode,
    hidePrice: query.has("hidePrice"),
    hideSubmitButton: query.has("hideSubmitButton"),
    hideTos: query.has("hideTos"),
    affiliateCode: affiliate,
    returnUrl: returnUrl && resolveReturnUrl(returnUrl, hostOrigin),
    skipRedirect: query.has("skipRedirect"),
    utm,
    channel: query.get("channel") ?? "",
    origin: hostOrigin,
    warnings,
  };
}

const HEX_COLOUR = /^#?([\da-f]{3}|[\da-f]{6})$/i;
/** A radius in px: "12", "12px", "2.5". */
const RADIUS = /^\d{1,2}(\.\d{1,2})?(px)?$/;
/** A label: printable text, no control characters, no markup-looking angle brackets. */
const BUTTON_TEXT = new RegExp(`^[^\\p{Cc}<>]{1,${MAX_BUTTON_TEXT}}$`, "u");

/** "#0af" or "0AF" → "#00aaff". */
function expandHex(colour: string): string {
  const digits = colour.replace("#", "").toLowerCase();
  return `#${digits.length === 3 ? digits.replace(/./g, "$&$&") : digits}`;
}

/**
 * A return URL as an absolute http(s) URL: absolute as given, or a path (`/thanks`) on the
 * host page's origin; null for anything else (`javascript:`, `//elsewhere`, a bare word).
 * A path is judged by where it resolves, not by its spelling: URL parsing reads `\` as `/`
 * and drops tabs and newlines, so `/\evil.example` is another origin and is refused.
 */
export function resolveReturnUrl(value: string, hostOrigin: string): string | null {
  if (value.length > 2048) return null;
  let url: URL;
  try {
    if (value.startsWith("/")) {
      url = new URL(value, hostOrigin);
      if (url.origin !== new URL(hostOrigin).origin) return null;
    } else {
      url = new URL(value);
    }
  } catch {
    return null;
  }
  return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
}

/**
 * Every parameter the loader may send. The loader's own settings (callbacks, `identifier`,
 * `skipRedirect`, `skipUtm`) travel too, as every setting does, and are not the checkout's
 * business; `channel` and `origin` are the handshake's.
 */
const KNOWN = new Set<string>([...SETTINGS, "channel", "origin"]);

/** The known setting a mistyped one most likely meant (case or up to two edits), if any. */
function closest(name: string): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  for (const known of SETTINGS) {
    const distance = known.toLowerCase() === name.toLowerCase() ? 0 : editDistance(known, name);
    if (distance < bestDistance) {
      best = known;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance, for short names only. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

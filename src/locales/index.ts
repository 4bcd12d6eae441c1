import { ar } from "./ar.ts";
import { de } from "./de.ts";
import { en, type Messages } from "./en.ts";
import { es } from "./es.ts";
import { fr } from "./fr.ts";
import { he } from "./he.ts";
import { it } from "./it.ts";
import { ja } from "./ja.ts";
import { ko } from "./ko.ts";
import { nl } from "./nl.ts";
import { pl } from "./pl.ts";
import { ptBR } from "./pt-BR.ts";
import { tr } from "./tr.ts";
import { zhCN } from "./zh-CN.ts";

/**
 * Every translation of the checkout, by the tag the embed's `locale` names it with. The iframe's
 * shell inlines only the buyer's catalogue as JSON, so the app bundle carries no strings and no
 * language costs the others bytes.
 */
const TRANSLATIONS: Record<string, Messages> = {
  en,
  es,
  fr,
  de,
  it,
  nl,
  pl,
  tr,
  "pt-BR": ptBR,
  ja,
  ko,
  "zh-CN": zhCN,
  ar,
  he,
};

/** Catalogues by canonical tag, plus the bare language of a regional one ("pt" → pt-BR). */
const CATALOGS: Record<string, Messages> = { ...TRANSLATIONS, pt: ptBR, zh: zhCN };

/** The languages the checkout speaks, as the embed's `locale` names them. */
export const LANGUAGES = Object.keys(TRANSLATIONS);

/** Languages written right to left: the shell sets `dir` on the document before the first paint. */
const RIGHT_TO_LEFT = ["ar", "he"];

export interface Catalog {
  /** Canonical BCP 47 tag used for `Intl` formatting, e.g. "es-MX". */
  locale: string;
  dir: "ltr" | "rtl";
  messages: Messages;
}

/**
 * What the iframe's shell inlines as `#i18n`: the buyer's catalogue, and the text of the first
 * render that `Intl` would otherwise make in the browser, already made in that locale.
 */
export interface InlineCatalog extends Catalog {
  /** Every country as [code, name], sorted by name (`countryNames` in src/countries.ts). */
  countries: [string, string][];
  /** The plan's first prices (`firstPrices` in src/money.ts); none without a plan. */
  prices: Record<string, string>;
}

const canonical = (tag: string): string | null => {
  try {
    return Intl.getCanonicalLocales(tag.trim())[0] ?? null;
  } catch {
    return null;
  }
};

/** Whether a `locale` tag has a catalogue: its exact tag, or its language (`es-MX` → `es`). */
export function hasCatalog(tag: string): boolean {
  const locale = canonical(tag);
  return !!locale && !!(CATALOGS[locale] ?? CATALOGS[locale.split("-")[0]!]);
}

/**
 * The catalogue for the first tag we can serve: the embed's `locale`, then each language in the
 * browser's Accept-Language; exact tag, then its language; English when nothing matches.
 */
export function resolveCatalog(requested: string | null, acceptLanguage = ""): Catalog {
  const wanted = [requested ?? "", ...acceptLanguage.split(",").map((part) => part.split(";")[0]!)];
  for (const tag of wanted) {
    const locale = tag && canonical(tag);
    if (!locale) continue;
    const messages = CATALOGS[locale] ?? CATALOGS[locale.split("-")[0]!];
    if (messages) {
      const dir = RIGHT_TO_LEFT.includes(locale.split("-")[0]!) ? "rtl" : "ltr";
      return { locale, dir, messages };
    }
  }
  return { locale: "en", dir: "ltr", messages: en };
}

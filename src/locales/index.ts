import { de } from "./de.ts";
import { en, type Messages } from "./en.ts";
import { es } from "./es.ts";
import { fr } from "./fr.ts";
import { ja } from "./ja.ts";
import { ptBR } from "./pt-BR.ts";

/**
 * Every translation of the checkout. The iframe's shell inlines only the buyer's catalogue as
 * JSON, so the app bundle carries no strings and no language costs the others bytes.
 */
const CATALOGS: Record<string, Messages> = { en, es, fr, de, pt: ptBR, "pt-BR": ptBR, ja };

/** The languages the checkout speaks, as the embed's `locale` names them. */
export const LANGUAGES = ["en", "es", "fr", "de", "pt-BR", "ja"];

interface Catalog {
  /** Canonical BCP 47 tag used for `Intl` formatting, e.g. "es-MX". */
  locale: string;
  messages: Messages;
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
    if (messages) return { locale, messages };
  }
  return { locale: "en", messages: en };
}

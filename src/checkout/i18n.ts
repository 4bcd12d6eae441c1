import type { MessageKey, Messages } from "../locales/en.ts";
import type { InlineCatalog } from "../locales/index.ts";
import { rememberPrices } from "../money.ts";

export type { MessageKey };

let messages = {} as Messages;
let countries: InlineCatalog["countries"] = [];
/** The BCP 47 tag used for `Intl` formatting (the buyer's full tag, e.g. "es-MX"). */
export let locale = "en";

/** Sets the language once, before the first render. */
export function setCatalog(catalog: Omit<InlineCatalog, "dir">): void {
  locale = catalog.locale;
  messages = catalog.messages;
  countries = catalog.countries;
  rememberPrices(catalog.prices);
}

/** Reads the catalogue the shell inlined as `<script type="application/json" id="i18n">`. */
export function readInlineCatalog(): void {
  try {
    setCatalog(JSON.parse(document.getElementById("i18n")?.textContent ?? ""));
  } catch {
    console.error("[whop-checkout] the page has no translations; showing message keys.");
  }
}

/** The string for `key` with `{x}` placeholders filled from `values`. */
export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
  return (messages[key] ?? key).replace(/\{(\w)\}/g, (_, name: string) =>
    String(values[name] ?? ""),
  );
}

/** Every country as [code, name], sorted by name in the buyer's language. */
export const countryNames = () => countries;

/** A country's name in the buyer's language ("GB" → "United Kingdom"). */
export const countryName = (code: string) =>
  countries.find(([known]) => known === code)?.[1] ?? code;

import type { MessageKey, Messages } from "../locales/en.ts";

export type { MessageKey };

let messages = {} as Messages;
/** The BCP 47 tag used for `Intl` formatting (the buyer's full tag, e.g. "es-MX"). */
export let locale = "en";

/** Sets the language once, before the first render. */
export function setCatalog(tag: string, catalog: Messages): void {
  locale = tag;
  messages = catalog;
}

/** Reads the catalogue the shell inlined as `<script type="application/json" id="i18n">`. */
export function readInlineCatalog(): void {
  try {
    const data = JSON.parse(document.getElementById("i18n")?.textContent ?? "");
    setCatalog(data.locale, data.messages);
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

import { COUNTRY_CODES } from "../countries.ts";
import { locale } from "./i18n.ts";

/** [code, localized name] pairs sorted by name in the buyer's language (names come from Intl). */
export function countryOptions(): [string, string][] {
  const names = new Intl.DisplayNames([locale], { type: "region" });
  return COUNTRY_CODES.map((code): [string, string] => [code, names.of(code) ?? code]).sort(
    (a, b) => a[1].localeCompare(b[1], locale),
  );
}

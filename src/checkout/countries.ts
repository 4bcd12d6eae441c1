import { COUNTRY_CODES } from "../countries.ts";
import { locale } from "./i18n.ts";

/**
 * [code, localized name] pairs sorted by name in the buyer's language (names come from Intl).
 * One Collator for the whole sort: `localeCompare(other, locale)` builds one per comparison,
 * some two thousand of them for the list, while the form is first shown.
 */
export function countryOptions(): [string, string][] {
  const names = new Intl.DisplayNames([locale], { type: "region" });
  const collator = new Intl.Collator(locale);
  return COUNTRY_CODES.map((code): [string, string] => [code, names.of(code) ?? code]).sort(
    (a, b) => collator.compare(a[1], b[1]),
  );
}

/**
 * The countries and territories a buyer can be billed in or ship to, shared by the checkout's
 * country fields and the checkout origin, which picks the one a form starts with.
 */

/** ISO 3166-1 alpha-2 codes, one string: two letters each. */
const CODES =
  "ADAEAFAGAIALAMAOARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBWBYBZCACCCDCFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZDEDJDKDMDODZECEEEGEHERESETFIFJFKFMFOFRGAGBGDGEGFGGGHGIGLGMGNGPGQGRGSGTGUGWGYHKHNHRHTHUIDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKNKPKRKWKYKZLALBLCLILKLRLSLTLULVLYMAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZNANCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPMPNPRPSPTPWPYQARERORSRURWSASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZTCTDTGTHTJTKTLTMTNTOTRTTTVTWTZUAUGUSUYUZVAVCVEVGVIVNVUWFWSYEYTZAZMZW";

export const COUNTRY_CODES: string[] = CODES.match(/../g)!;

/** Sorted names by locale, bounded: a tag can be any one a buyer's browser sends. */
const namesByLocale = new Map<string, [string, string][]>();
const MAX_LOCALES = 64;

/**
 * Every country as [code, name], sorted by name in `locale`'s language and order. The checkout's
 * shell carries the list, made here once per locale, because in the buyer's browser Intl's
 * region names and collation would first load their ICU data and delay the form.
 */
export function countryNames(locale: string): [string, string][] {
  let names = namesByLocale.get(locale);
  if (!names) {
    const display = new Intl.DisplayNames([locale], { type: "region" });
    const collator = new Intl.Collator(locale);
    names = COUNTRY_CODES.map((code): [string, string] => [code, display.of(code) ?? code]).sort(
      (a, b) => collator.compare(a[1], b[1]),
    );
    if (namesByLocale.size >= MAX_LOCALES) namesByLocale.clear();
    namesByLocale.set(locale, names);
  }
  return names;
}

/** Regions by locale tag, bounded like the names: `maximize` is a shell's costliest Intl call. */
const regionByLocale = new Map<string, string | null>();

/** The region of a locale tag ("pt-BR" → "BR", "ja" → "JP"), when it is one we list. */
export function regionOf(tag: string): string | null {
  let region = regionByLocale.get(tag);
  if (region === undefined) {
    try {
      const likely = new Intl.Locale(tag).maximize().region ?? "";
      region = COUNTRY_CODES.includes(likely) ? likely : null;
    } catch {
      region = null;
    }
    if (regionByLocale.size >= MAX_LOCALES) regionByLocale.clear();
    regionByLocale.set(tag, region);
  }
  return region;
}

import { locale } from "./i18n.ts";

/** ISO 3166-1 alpha-2 codes of the countries and territories a buyer can be billed in. */
const CODES =
  "ADAEAFAGAIALAMAOARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBWBYBZCACCCDCFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZDEDJDKDMDODZECEEEGEHERESETFIFJFKFMFOFRGAGBGDGEGFGGGHGIGLGMGNGPGQGRGSGTGUGWGYHKHNHRHTHUIDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKNKPKRKWKYKZLALBLCLILKLRLSLTLULVLYMAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZNANCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPMPNPRPSPTPWPYQARERORSRURWSASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZTCTDTGTHTJTKTLTMTNTOTRTTTVTWTZUAUGUSUYUZVAVCVEVGVIVNVUWFWSYEYTZAZMZW";

const COUNTRY_CODES: string[] = CODES.match(/../g)!;

/** [code, localized name] pairs sorted by name in the buyer's language (names come from Intl). */
export function countryOptions(): [string, string][] {
  const names = new Intl.DisplayNames([locale], { type: "region" });
  return COUNTRY_CODES.map((code): [string, string] => [code, names.of(code) ?? code]).sort(
    (a, b) => a[1].localeCompare(b[1], locale),
  );
}

/** The region of a locale tag ("pt-BR" → "BR"), when it is one we list. */
export function regionOf(tag: string): string | null {
  try {
    const region = new Intl.Locale(tag).maximize().region ?? "";
    return COUNTRY_CODES.includes(region) ? region : null;
  } catch {
    return null;
  }
}

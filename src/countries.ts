/**
 * The countries and territories a buyer can be billed in or ship to, shared by the checkout's
 * country fields and the checkout origin, which picks the one a form starts with.
 */

/** ISO 3166-1 alpha-2 codes, one string: two letters each. */
const CODES =
  "ADAEAFAGAIALAMAOARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBWBYBZCACCCDCFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZDEDJDKDMDODZECEEEGEHERESETFIFJFKFMFOFRGAGBGDGEGFGGGHGIGLGMGNGPGQGRGSGTGUGWGYHKHNHRHTHUIDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKNKPKRKWKYKZLALBLCLILKLRLSLTLULVLYMAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZNANCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPMPNPRPSPTPWPYQARERORSRURWSASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZTCTDTGTHTJTKTLTMTNTOTRTTTVTWTZUAUGUSUYUZVAVCVEVGVIVNVUWFWSYEYTZAZMZW";

export const COUNTRY_CODES: string[] = CODES.match(/../g)!;

/** The region of a locale tag ("pt-BR" → "BR", "ja" → "JP"), when it is one we list. */
export function regionOf(tag: string): string | null {
  try {
    const region = new Intl.Locale(tag).maximize().region ?? "";
    return COUNTRY_CODES.includes(region) ? region : null;
  } catch {
    return null;
  }
}

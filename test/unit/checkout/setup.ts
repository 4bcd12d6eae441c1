import { setCatalog } from "../../../src/checkout/i18n.ts";
import { countryNames } from "../../../src/countries.ts";
import { en } from "../../../src/locales/en.ts";

/** Unit tests read English strings, as the shell would inline them for an English buyer. */
export const useEnglish = () =>
  setCatalog({ locale: "en-US", messages: en, countries: countryNames("en-US"), prices: {} });

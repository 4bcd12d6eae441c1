import { ADDRESS_LIMITS, type AddressPart, addressPartProblem } from "../../address.ts";
import { COUNTRY_CODES } from "../../countries.ts";
import type { EmbedConfig, PublicPlan } from "../../protocol/index.ts";
import { ADDRESS_PREFILLS, asAttribute } from "../../settings.ts";

/** What a plan asks the buyer for, as far as the embed's settings are concerned. */
export type DetailsPlan = Pick<
  PublicPlan,
  "collect_address" | "collect_shipping" | "collect_phone"
>;

type Warn = (name: string, value: string, problem: string) => void;

/**
 * Reads the embed's buyer-detail settings (`collect-*`, `prefill-address-*`,
 * `prefill-shipping-*`, `hide-address`) for the checkout of `plan` (null when the plan is not
 * known here: the checkout then shows its own error). A value that cannot be used is dropped
 * with a warning naming the attribute, as every setting is (see `readEmbedQuery`).
 */
export function readBuyerDetails(
  query: URLSearchParams,
  plan: DetailsPlan | null,
  warn: Warn,
): Pick<EmbedConfig, "details" | "prefillDetails" | "hideAddress"> {
  // A flag is set by its presence, except as "false" (the platform's own embed reads "true").
  const flag = (name: string) => query.has(name) && query.get(name)!.toLowerCase() !== "false";
  const phoneSetting = query.get("collectPhoneNumbers");
  let phone: boolean | null = null;
  if (phoneSetting !== null) {
    phone = ["", "true"].includes(phoneSetting.toLowerCase())
      ? true
      : phoneSetting.toLowerCase() === "false"
        ? false
        : null;
    if (phone === null) {
      warn("collectPhoneNumbers", phoneSetting, "is not true or false; the plan decides.");
    } else if (!phone && plan?.collect_phone) {
      warn(
        "collectPhoneNumbers",
        phoneSetting,
        "cannot turn off the phone number this plan requires; it is asked for.",
      );
    }
  }
  const details = {
    address: !!plan?.collect_address || flag("collectAddress"),
    shipping: !!plan?.collect_shipping || flag("collectShipping"),
    phone: !!plan?.collect_phone || phone === true,
  };

  const prefillDetails = readPrefills(query, warn);
  let hideAddress = flag("hideAddress");
  const country = prefillDetails.country ?? "";
  const missing = (["line1", "city", "state", "postal_code"] as const).filter((part) =>
    addressPartProblem(part, prefillDetails[`billing_address.${part}`] ?? "", country),
  );
  if (hideAddress && details.address && (!country || missing.length)) {
    const settings = [
      ...missing.map((part) => `billing_address.${part}`),
      ...(country ? [] : ["country"]),
    ]
      .map((field) => settingOf(field))
      .join(", ");
    warn(
      "hideAddress",
      query.get("hideAddress")!,
      `needs a complete billing address (missing or invalid: ${settings}); the address fields show for the buyer to fill in.`,
    );
    hideAddress = false;
  }
  return {
    details: details.address || details.shipping || details.phone ? details : null,
    prefillDetails,
    hideAddress,
  };
}

/** The option that prefills a form field, as an attribute: "country" → data-…-prefill-address-country. */
const settingOf = (field: string) =>
  asAttribute(
    Object.keys(ADDRESS_PREFILLS).find((option) => ADDRESS_PREFILLS[option] === field)!,
    "…",
  );

/** The `prefill-*` address values that can be used, by form field. */
function readPrefills(query: URLSearchParams, warn: Warn): Record<string, string> {
  const values: Record<string, string> = {};
  // Countries first: a postal code is checked against its address's country.
  const options = Object.keys(ADDRESS_PREFILLS).sort(
    (a, b) => Number(b.endsWith("Country")) - Number(a.endsWith("Country")),
  );
  for (const option of options) {
    const given = query.get(option);
    if (given === null) continue;
    const field = ADDRESS_PREFILLS[option]!;
    const value = given.trim();
    if (field.endsWith("country")) {
      const code = value.toUpperCase();
      if (COUNTRY_CODES.includes(code)) values[field] = code;
      else
        warn(
          option,
          given,
          "is not a country code the checkout lists (ISO 3166-1, e.g. DE); the default country applies.",
        );
      continue;
    }
    const part = field.slice(field.indexOf(".") + 1) as AddressPart;
    const limit = ADDRESS_LIMITS[part];
    if (!value || value.length > limit) {
      warn(option, given, `must be 1 to ${limit} characters; the field starts empty.`);
      continue;
    }
    const country = values[field.startsWith("shipping") ? "shipping_address.country" : "country"];
    if (part === "postal_code" && country && addressPartProblem(part, value, country)) {
      warn(option, given, `is not a valid postal code in ${country}; the field starts empty.`);
      continue;
    }
    values[field] = value;
  }
  return values;
}

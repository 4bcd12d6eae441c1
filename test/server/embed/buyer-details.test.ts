import { describe, expect, it } from "vitest";
import { readEmbedQuery } from "../../../src/server/embed/query.ts";

const PLAN = { collect_address: false, collect_shipping: false, collect_phone: false };
const read = (query: string, plan: typeof PLAN | null = PLAN) =>
  readEmbedQuery(`?planId=plan_A1&origin=https://shop.example&${query}`, plan);

describe("buyer-detail settings, with the plan they are for", () => {
  it("collects what the plan requires plus what the embed asks for; nothing loads for neither", () => {
    expect(read("").details).toBeNull();
    expect(read("", { ...PLAN, collect_shipping: true }).details).toEqual({
      address: false,
      shipping: true,
      phone: false,
    });
    expect(read("collectAddress=&collectPhoneNumbers=true").details).toEqual({
      address: true,
      shipping: false,
      phone: true,
    });
    // As the platform's embed reads them, "false" leaves a flag off.
    expect(read("collectShipping=false&collectAddress=FALSE").details).toBeNull();
    // Before the plan is known (a session being looked up), only the embed's asks count.
    expect(read("collectShipping=", null).details).toMatchObject({ shipping: true });
  });

  it("cannot turn off a phone number the plan requires, and says so", () => {
    const config = read("collectPhoneNumbers=false", { ...PLAN, collect_phone: true });
    expect(config.details).toEqual({ address: false, shipping: false, phone: true });
    expect(config.warnings).toEqual([
      'data-whop-checkout-collect-phone-numbers="false" cannot turn off the phone number this plan requires; it is asked for.',
    ]);
    expect(read("collectPhoneNumbers=false").details).toBeNull();
    expect(read("collectPhoneNumbers=maybe").warnings).toEqual([
      'data-whop-checkout-collect-phone-numbers="maybe" is not true or false; the plan decides.',
    ]);
  });

  it("drops prefilled parts that cannot be used, naming the attribute", () => {
    const config = read(
      "prefillAddressCountry=Germany&prefillShippingAddressCountry=gb" +
        "&prefillShippingAddressPostalCode=12345&prefillAddressPostalCode=10117" +
        `&prefillAddressLine1=${"x".repeat(201)}&prefillShippingName=%20&prefillShippingAddressCity=Leeds`,
    );
    expect(config.prefillDetails).toEqual({
      "shipping_address.country": "GB",
      "shipping_address.city": "Leeds",
      // No billing country to check it against: the form checks it with the buyer's.
      "billing_address.postal_code": "10117",
    });
    expect(config.warnings).toEqual([
      'data-whop-checkout-prefill-address-country="Germany" is not a country code the checkout lists (ISO 3166-1, e.g. DE); the default country applies.',
      'data-whop-checkout-prefill-shipping-name=" " must be 1 to 200 characters; the field starts empty.',
      `data-whop-checkout-prefill-address-line1="${"x".repeat(80)}…" must be 1 to 200 characters; the field starts empty.`,
      'data-whop-checkout-prefill-shipping-address-postal-code="12345" is not a valid postal code in GB; the field starts empty.',
    ]);
    // Two letters, but no country.
    expect(read("prefillAddressCountry=XX")).toMatchObject({ country: "US", prefillDetails: {} });
  });

  it("hides the billing address only when its prefill is complete", () => {
    const complete =
      "prefillAddressLine1=Unter%20den%20Linden%201&prefillAddressCity=Berlin" +
      "&prefillAddressPostalCode=10117&prefillAddressCountry=DE";
    expect(read(`hideAddress=&collectAddress=&${complete}`)).toMatchObject({
      hideAddress: true,
      warnings: [],
    });
    // A US address needs its state.
    const american = read(
      "hideAddress=&collectAddress=&prefillAddressLine1=1%20Main%20St&prefillAddressCity=Springfield" +
        "&prefillAddressPostalCode=62701&prefillAddressCountry=US",
    );
    expect(american.hideAddress).toBe(false);
    expect(american.warnings).toEqual([
      'data-whop-checkout-hide-address="" needs a complete billing address (missing or invalid: data-whop-checkout-prefill-address-state="…"); the address fields show for the buyer to fill in.',
    ]);
    // Without a full address to collect, it hides the country alone, which always has a value.
    expect(read("hideAddress=")).toMatchObject({ hideAddress: true, warnings: [] });
    expect(read("hideAddress=false").hideAddress).toBe(false);
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ADDRESS_PREFILLS, asAttribute, SETTINGS } from "../../src/settings.ts";

describe("the settings", () => {
  it("name each address prefill after the form field (and payment body field) it fills", () => {
    expect(ADDRESS_PREFILLS).toEqual({
      prefillAddressLine1: "billing_address.line1",
      prefillAddressLine2: "billing_address.line2",
      prefillAddressCity: "billing_address.city",
      prefillAddressState: "billing_address.state",
      prefillAddressPostalCode: "billing_address.postal_code",
      prefillAddressCountry: "country",
      prefillShippingName: "shipping_address.name",
      prefillShippingAddressLine1: "shipping_address.line1",
      prefillShippingAddressLine2: "shipping_address.line2",
      prefillShippingAddressCity: "shipping_address.city",
      prefillShippingAddressState: "shipping_address.state",
      prefillShippingAddressPostalCode: "shipping_address.postal_code",
      prefillShippingAddressCountry: "shipping_address.country",
    });
    // Each is a setting, spelled as the platform's own embed spells its attribute.
    for (const option of Object.keys(ADDRESS_PREFILLS)) expect(SETTINGS).toContain(option);
    expect(asAttribute("prefillShippingAddressPostalCode", "x")).toBe(
      'data-whop-checkout-prefill-shipping-address-postal-code="x"',
    );
    expect(asAttribute("prefillAddressLine1", "x")).toBe(
      'data-whop-checkout-prefill-address-line1="x"',
    );
  });

  it("are each documented in docs/embedding.md's table of attributes", () => {
    const docs = readFileSync("docs/embedding.md", "utf8");
    const table = docs.slice(docs.indexOf("## Attributes"), docs.indexOf("## Buyer details"));
    const missing = SETTINGS.map(
      (option) => /^data-whop-checkout-(.+)="x"$/.exec(asAttribute(option, "x"))![1]!,
    ).filter((name) => !table.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checksFor, detailsBody } from "../../../../src/checkout/details/checks.ts";
import { useEnglish } from "../setup.ts";

beforeAll(useEnglish);
afterAll(useEnglish);

const ALL = { address: true, shipping: true, phone: true };

describe("the buyer-details checks", () => {
  it("check exactly the fields the checkout asks for, in form order", () => {
    expect(Object.keys(checksFor({ address: false, shipping: false, phone: true }))).toEqual([
      "phone",
    ]);
    expect(Object.keys(checksFor(ALL))).toEqual([
      "billing_address.line1",
      "billing_address.line2",
      "billing_address.city",
      "billing_address.state",
      "billing_address.postal_code",
      "shipping_address.name",
      "shipping_address.country",
      "shipping_address.line1",
      "shipping_address.line2",
      "shipping_address.city",
      "shipping_address.state",
      "shipping_address.postal_code",
      "phone",
    ]);
  });

  it("say what is missing or wrong, in the buyer's words, by each address's country", () => {
    const checks = checksFor(ALL);
    const values = {
      country: "US",
      "billing_address.postal_code": "9404",
      "shipping_address.country": "GB",
      "shipping_address.postal_code": "SW1A 2AA",
      phone: "020 7946 001",
    };
    const problems = Object.fromEntries(
      Object.entries(checks).map(([field, check]) => [field, check(values)]),
    );
    expect(problems).toEqual({
      "billing_address.line1": "Enter your street address.",
      "billing_address.line2": null,
      "billing_address.city": "Enter your city.",
      "billing_address.state": "Enter your state or region.",
      "billing_address.postal_code": "Enter a valid postal code for United States.",
      "shipping_address.name": "Enter the recipient's full name.",
      "shipping_address.country": null,
      "shipping_address.line1": "Enter your street address.",
      "shipping_address.line2": null,
      "shipping_address.city": "Enter your city.",
      // Not needed in the United Kingdom.
      "shipping_address.state": null,
      "shipping_address.postal_code": null,
      phone: "Enter a valid phone number, with its country code if it is from another country.",
    });
    expect(checks.phone!({ ...values, phone: " " })).toBe("Enter your phone number.");
    // A national number is read with the shipping country.
    expect(checks.phone!({ ...values, phone: "020 7946 0018" })).toBeNull();
  });

  it("build the payment body's details, leaving out empty optional parts", () => {
    const body = detailsBody(ALL, {
      country: "US",
      "billing_address.line1": " 1 Main St ",
      "billing_address.line2": "",
      "billing_address.city": "Springfield",
      "billing_address.state": "IL",
      "billing_address.postal_code": "62701",
      "shipping_address.name": "Ada",
      "shipping_address.country": "GB",
      "shipping_address.line1": "10 Downing Street",
      "shipping_address.city": "London",
      "shipping_address.postal_code": "sw1a 2aa",
      phone: "020 7946 0018",
    });
    expect(JSON.parse(JSON.stringify(body))).toEqual({
      billing_address: {
        line1: "1 Main St",
        city: "Springfield",
        state: "IL",
        postal_code: "62701",
        country: "US",
      },
      shipping_address: {
        name: "Ada",
        line1: "10 Downing Street",
        city: "London",
        postal_code: "SW1A 2AA",
        country: "GB",
      },
      phone: "+442079460018",
    });
    expect(detailsBody({ address: false, shipping: false, phone: false }, {})).toEqual({});
  });
});

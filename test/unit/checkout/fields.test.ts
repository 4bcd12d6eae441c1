import { describe, expect, it } from "vitest";
import { type FormValues, validateAll, validateField } from "../../../src/checkout/fields.ts";

const valid: FormValues = {
  email: "buyer@example.com",
  name: "Ada Lovelace",
  cardNumber: "4242 4242 4242 4242",
  expiry: "12/34",
  cvc: "123",
};
const now = new Date(Date.UTC(2026, 10, 23));

describe("form validation", () => {
  it("accepts a complete, valid form", () => {
    expect(validateAll(valid, now)).toEqual({});
  });

  it("explains each problem in a sentence", () => {
    expect(validateField("email", { ...valid, email: "" }, now)).toBe("Enter your email address.");
    expect(validateField("email", { ...valid, email: "nope" }, now)).toMatch(/valid email/);
    expect(validateField("cardNumber", { ...valid, cardNumber: "4242 4242" }, now)).toBe(
      "Your card number is incomplete.",
    );
    expect(validateField("cardNumber", { ...valid, cardNumber: "4242 4242 4242 4241" }, now)).toBe(
      "Your card number is invalid.",
    );
    expect(validateField("expiry", { ...valid, expiry: "10/26" }, now)).toBe(
      "Your card's expiry date is in the past.",
    );
    expect(validateField("expiry", { ...valid, expiry: "13/26" }, now)).toBe(
      "Enter the expiry date as MM/YY.",
    );
  });

  it("wants a 4-digit security code for Amex and 3 digits otherwise", () => {
    const amex = { ...valid, cardNumber: "3782 822463 10005" };
    expect(validateField("cvc", { ...amex, cvc: "123" }, now)).toBe(
      "The security code is 4 digits.",
    );
    expect(validateField("cvc", { ...amex, cvc: "1234" }, now)).toBeNull();
    expect(validateField("cvc", { ...valid, cvc: "1234" }, now)).toBe(
      "The security code is 3 digits.",
    );
  });
});

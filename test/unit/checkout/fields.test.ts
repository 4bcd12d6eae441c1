import { beforeAll, describe, expect, it } from "vitest";
import {
  type FormValues,
  PAY_FIELDS,
  validateAll,
  validateField,
} from "../../../src/checkout/fields.ts";
import type { CustomField } from "../../../src/protocol/index.ts";
import { useEnglish } from "./setup.ts";

beforeAll(useEnglish);

const valid: FormValues = {
  email: "buyer@example.com",
  name: "Ada Lovelace",
  cardNumber: "4242 4242 4242 4242",
  expiry: "12/34",
  cvc: "123",
  country: "GB",
};
const now = new Date(Date.UTC(2026, 10, 23));

describe("form validation", () => {
  it("accepts a complete, valid form", () => {
    expect(validateAll(PAY_FIELDS, valid, [], now)).toEqual({});
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
    expect(validateField("expiry", { ...valid, expiry: "11/26" }, now)).toBeNull();
    expect(validateField("expiry", { ...valid, expiry: "13/26" }, now)).toBe(
      "Enter the expiry date as MM / YY.",
    );
    expect(validateField("country", { ...valid, country: "" }, now)).toBe(
      "Choose your country or region.",
    );
  });

  it("accepts the expiry in every spelling a buyer pastes or a browser autofills", () => {
    for (const expiry of ["12 / 34", "12/34", "1234", "12/2034", "1/34", "12-34", " 12 /34 "]) {
      expect(validateField("expiry", { ...valid, expiry }, now), expiry).toBeNull();
    }
    expect(validateField("expiry", { ...valid, expiry: "12/203" }, now)).toBe(
      "Enter the expiry date as MM / YY.",
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

  it("lists problems in the order of the form, so the first one is focused", () => {
    const errors = validateAll(PAY_FIELDS, { ...valid, email: "", cvc: "", name: "" }, [], now);
    expect(Object.keys(errors)).toEqual(["email", "cvc", "name"]);
  });

  it("checks a plan's required custom fields and skips optional ones", () => {
    const fields: CustomField[] = [
      {
        id: "cf1",
        field_type: "text",
        name: "Discord",
        placeholder: null,
        required: true,
        order: 1,
      },
      { id: "cf2", field_type: "text", name: "Note", placeholder: null, required: false, order: 2 },
    ];
    const names = ["email", "cf_cf1", "cf_cf2"];
    expect(validateAll(names, { email: "a@b.co" }, fields, now)).toEqual({
      cf_cf1: "Fill in Discord.",
    });
    expect(validateAll(names, { email: "a@b.co", cf_cf1: "ada#1" }, fields, now)).toEqual({});
  });
});

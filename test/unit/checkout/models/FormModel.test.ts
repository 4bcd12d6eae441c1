import { signal } from "@preact/signals";
import { beforeAll, describe, expect, it } from "vitest";
import { PAY_FIELDS } from "../../../../src/checkout/fields.ts";
import { createFormModel } from "../../../../src/checkout/models/FormModel.ts";
import type { CustomField } from "../../../../src/protocol/index.ts";
import { useEnglish } from "../setup.ts";
import { VALID } from "./ready-model.ts";

beforeAll(useEnglish);

const NOW = () => new Date(Date.UTC(2026, 0, 1));
const TELEGRAM: CustomField = {
  id: "tg",
  field_type: "text",
  name: "Telegram",
  placeholder: null,
  required: true,
  order: 1,
};

const formWith = (values: Record<string, string>, custom: CustomField[] = []) =>
  createFormModel(values, signal(custom), NOW);

describe("form model", () => {
  it("starts from the given values with no errors", () => {
    const form = formWith({ ...VALID, email: "pre@filled.co" });
    expect(form.values.value.email).toBe("pre@filled.co");
    expect(form.errors.value).toEqual({});
  });

  it("checks every field on submit and asks to focus the first invalid one", () => {
    const form = formWith({ ...VALID, cvc: "1", name: "" });
    expect(form.validate(PAY_FIELDS)).toBe(false);
    expect(Object.keys(form.errors.value)).toEqual(["cvc", "name"]);
    expect(form.focusRequest.value).toEqual({ field: "cvc" });
    form.setValue("cvc", "123");
    form.setValue("name", "Ada");
    expect(form.validate(PAY_FIELDS)).toBe(true);
    expect(form.errors.value).toEqual({});
  });

  it("checks a field when the buyer leaves it, but not an empty one", () => {
    const form = formWith({ ...VALID, email: "" });
    form.blur("email");
    expect(form.errors.value.email).toBeUndefined();
    form.setValue("email", "not-an-email");
    expect(form.errors.value.email).toBeUndefined();
    form.blur("email");
    expect(form.errors.value.email).toBe("Enter a valid email address, like name@example.com.");
  });

  it("re-checks a field that shows an error as the buyer fixes it", () => {
    const form = formWith({ ...VALID, email: "a@" });
    form.blur("email");
    expect(form.errors.value.email).toBeDefined();
    form.setValue("email", "a@b.co");
    expect(form.errors.value.email).toBeUndefined();
  });

  it("checks the plan's own questions by their cf_ key", () => {
    const form = formWith({ email: "a@b.co" }, [TELEGRAM]);
    expect(form.validate(["email", "cf_tg"])).toBe(false);
    expect(form.errors.value).toEqual({ cf_tg: "Fill in Telegram." });
  });

  it("shows a refusal from the platform on its field and focuses it", () => {
    const form = formWith(VALID);
    form.refuse("email", "email is too long.");
    expect(form.errors.value.email).toBe("email is too long.");
    expect(form.focusRequest.value).toEqual({ field: "email" });
  });
});

describe("accepted values", () => {
  it("holds a value once it passed its check on leaving the field or on submit", () => {
    const form = formWith({ ...VALID, email: "a@b" });
    form.blur("email");
    expect(form.accepted.value).toEqual({});
    form.setValue("email", "ana@example.com");
    form.blur("email");
    expect(form.accepted.value).toEqual({ email: "ana@example.com" });
    // Typing alone accepts nothing; submitting accepts every valid field.
    form.setValue("email", "bo@example.com");
    expect(form.accepted.value.email).toBe("ana@example.com");
    form.setValue("cvc", "1");
    form.validate(["email", "cvc"]);
    expect(form.accepted.value).toEqual({ email: "bo@example.com" });
  });
});

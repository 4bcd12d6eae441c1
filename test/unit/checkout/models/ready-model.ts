import { createCheckoutModel } from "../../../../src/checkout/models/CheckoutModel.ts";
import type { EmbedConfig } from "../../../../src/protocol/index.ts";
import { config } from "./fake-platform.ts";

/** Payment details that pass every check of the form. */
export const VALID = {
  email: "a@b.co",
  name: "Ada",
  cardNumber: "4242 4242 4242 4242",
  expiry: "12/30",
  cvc: "123",
  country: "FR",
};

const SETTINGS = { affiliateCode: "aff_1", utm: { utm_source: "mail" } };

/** A loaded checkout whose payment form is filled in with valid details. */
export async function readyModel(overrides: Partial<EmbedConfig> = SETTINGS) {
  const model = createCheckoutModel(config(overrides), () => new Date(Date.UTC(2026, 0, 1)));
  await model.load();
  for (const [name, value] of Object.entries(VALID)) {
    model.form.setValue(name, value);
  }
  return model;
}

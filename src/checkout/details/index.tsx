/**
 * The buyer-details part of the checkout: a billing address, a shipping address and a phone
 * number, with the libraries that check them (postal codes by country, phone numbers with
 * libphonenumber-js's small metadata). A chunk of its own, imported by main.tsx only for
 * checkouts that collect these fields, or when the page calls `getAddress()`/`setAddress()`.
 */
import type { FrameMessage } from "../../protocol/index.ts";
import { FORM_FIELDS } from "../errors.ts";
import { detailChecks, PAY_FIELDS } from "../fields.ts";
import type { CheckoutModel, Details } from "../models/CheckoutModel.ts";
import { checksFor, countryField, detailsBody } from "./checks.ts";
import { DetailsForm } from "./DetailsForm.tsx";
import { answer, reportRefusals } from "./host.ts";
import { addStyles } from "./styles.ts";

/**
 * Adds the buyer-details part to `model`'s form (`model.details`), on the first call only, and
 * returns it.
 */
export const attach = (model: CheckoutModel, send: (message: FrameMessage) => void) =>
  (model.details.value ??= create(model, send));

function create(model: CheckoutModel, send: (message: FrameMessage) => void): Details {
  const details = model.config.details ?? { address: false, shipping: false, phone: false };
  // Its fields join the payment form's: checked, submitted, and named by the platform's errors.
  const checks = checksFor(details);
  Object.assign(detailChecks, checks);
  for (const field in checks) {
    PAY_FIELDS.push(field);
    FORM_FIELDS[field] = field;
  }
  // The shipping country starts as the billing one, unless the page prefilled it.
  const { form } = model;
  const shippingCountry = countryField("shipping_address");
  if (details.shipping && !form.values.peek()[shippingCountry]) {
    form.values.value = { ...form.values.peek(), [shippingCountry]: form.values.peek().country! };
  }
  reportRefusals(model, send);
  addStyles();
  return {
    body: (values) => detailsBody(details, values),
    answer: (message) => answer(model, message, send),
    Form: ({ model }) => <DetailsForm model={model} details={details} />,
  };
}

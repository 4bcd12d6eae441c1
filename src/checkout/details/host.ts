import { ADDRESS_LIMITS, type AddressPart } from "../../address.ts";
import { COUNTRY_CODES } from "../../countries.ts";
import {
  type FrameMessage,
  type HostAddress,
  type HostMessage,
  PROTOCOL_VERSION,
} from "../../protocol/index.ts";
import { detailChecks } from "../fields.ts";
import { t } from "../i18n.ts";
import type { CheckoutModel } from "../models/CheckoutModel.ts";

/** The form field of each part of `HostAddress` (the billing address; `name` is the card's). */
const FIELDS: Record<keyof HostAddress, string> = {
  name: "name",
  line1: "billing_address.line1",
  line2: "billing_address.line2",
  city: "billing_address.city",
  state: "billing_address.state",
  postalCode: "billing_address.postal_code",
  country: "country",
};

const KEYS = Object.keys(FIELDS) as (keyof HostAddress)[];

type Send = (message: FrameMessage) => void;

/** The `address-validation-error` message for a field showing `error`. */
const refusal = (field: string, value: string, error: string): FrameMessage => ({
  v: PROTOCOL_VERSION,
  type: "address-validation-error",
  field,
  error_code: value.trim() ? "invalid" : "required",
  error_message: error,
});

/**
 * Tells the page when a buyer detail stops a payment: each time the form asks for a field after
 * a submit, or after the platform refused one (`focusRequest`), the first buyer-details field
 * showing an error is reported.
 */
export function reportRefusals(model: CheckoutModel, send: Send): void {
  const { form } = model;
  let seen = form.focusRequest.peek();
  form.focusRequest.subscribe((request) => {
    if (!request || request === seen) return;
    seen = request;
    const errors = form.errors.peek();
    const field = Object.keys(detailChecks).find((name) => errors[name]);
    if (field) send(refusal(field, form.values.peek()[field] ?? "", errors[field]!));
  });
}

/** Answers `getAddress()` and `setAddress()` for the billing address. */
export function answer(model: CheckoutModel, message: HostMessage, send: Send): void {
  const { form } = model;
  if (message.type === "get-address") {
    const values = form.values.value;
    const address = {} as HostAddress;
    for (const key of KEYS) address[key] = values[FIELDS[key]] ?? "";
    // Complete: every part of it the checkout collects is filled in and valid (the name and the
    // country always are collected; the country always has a value).
    const isComplete =
      !!values.name?.trim() &&
      Object.keys(detailChecks).every(
        (field) => !field.startsWith("billing_address.") || !detailChecks[field]!(values),
      );
    send({ v: PROTOCOL_VERSION, type: "address", id: message.id, address, isComplete });
    return;
  }
  if (message.type !== "set-address") return;
  const given: string[] = [];
  for (const key of KEYS) {
    let value = message.address[key];
    // Only text is taken (the bridge checked no more than that the page sent an object); a
    // part the page left out, or gave as anything else, keeps its value.
    if (typeof value !== "string") continue;
    const field = FIELDS[key];
    if (key === "country") {
      value = value.trim().toUpperCase();
      if (!COUNTRY_CODES.includes(value)) {
        send(refusal(field, value, t("eCountry")));
        continue;
      }
    }
    const part = field.slice(field.indexOf(".") + 1) as AddressPart;
    form.setValue(field, value.slice(0, ADDRESS_LIMITS[part] ?? 200));
    given.push(field);
  }
  // Checked as if the buyer had typed them: an invalid one shows its error and is reported.
  for (const field of given) form.blur(field);
  const errors = form.errors.peek();
  const wrong = given.find((field) => errors[field]);
  if (wrong) send(refusal(wrong, form.values.peek()[wrong] ?? "", errors[wrong]!));
}

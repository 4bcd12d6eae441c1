import { ADDRESS_LIMITS, hasPostalCodes, needsRegion } from "../../address.ts";
import type { BuyerDetails } from "../../protocol/index.ts";
import { CountryField } from "../components/CountryField.tsx";
import { Field, useField } from "../components/Field.tsx";
import { t } from "../i18n.ts";
import type { CheckoutModel } from "../models/CheckoutModel.ts";
import { countryField, type PARTS, type Side } from "./checks.ts";

/**
 * The buyer-details fields after the card: the billing country (with the full billing address
 * when collected), the shipping address and the phone number. `hide-address` hides the billing
 * part while it is valid; an error there (a failed payment, `setAddress()`) shows it again.
 */
export function DetailsForm({ model, details }: { model: CheckoutModel; details: BuyerDetails }) {
  const { form, config } = model;
  const field = useField(form);
  const errors = form.errors.value;
  const billingError = Object.keys(errors).some(
    (name) => errors[name] && (name === "country" || name.startsWith("billing_address.")),
  );
  const showBilling = !config.hideAddress || billingError;
  return (
    <>
      {showBilling &&
        (details.address ? (
          <fieldset class="group form details">
            <legend>{t("billing")}</legend>
            <CountryField form={form} label={t("country")} autoComplete="billing country" />
            <AddressFields model={model} side="billing_address" />
          </fieldset>
        ) : (
          <CountryField form={form} label={t("country")} />
        ))}
      {details.shipping && (
        <fieldset class="group form details">
          <legend>{t("shipping")}</legend>
          <Field
            {...field("shipping_address.name")}
            label={t("fullName")}
            autoComplete="shipping name"
            maxLength={ADDRESS_LIMITS.name}
          />
          <CountryField
            form={form}
            id={countryField("shipping_address")}
            label={t("country")}
            autoComplete="shipping country"
          />
          <AddressFields model={model} side="shipping_address" />
        </fieldset>
      )}
      {details.phone && (
        <Field
          {...field("phone")}
          type="tel"
          inputMode="tel"
          label={t("phone")}
          autoComplete="tel"
          dir="ltr"
          maxLength={40}
        />
      )}
    </>
  );
}

/** Line 1 and 2, city, region and postal code of one address, labelled for its country. */
function AddressFields({ model, side }: { model: CheckoutModel; side: Side }) {
  const field = useField(model.form);
  const country = model.form.values.value[countryField(side)] ?? "";
  // "billing address-line1", "shipping postal-code": the browser fills each address apart.
  const section = side === "billing_address" ? "billing" : "shipping";
  const props = (part: (typeof PARTS)[number], autoComplete: string) => ({
    ...field(`${side}.${part}`),
    autoComplete: `${section} ${autoComplete}`,
    maxLength: ADDRESS_LIMITS[part],
  });
  const [line1, line2, city, state, postal] = [
    props("line1", "address-line1"),
    props("line2", "address-line2"),
    props("city", "address-level2"),
    props("state", "address-level1"),
    props("postal_code", "postal-code"),
  ];
  return (
    <>
      <Field {...line1} label={t("line1")} />
      <Field {...line2} required={false} label={t("optional", { f: t("line2") })} />
      <Field {...city} label={t("city")} />
      <div class="row">
        <Field
          {...state}
          required={needsRegion(country)}
          label={needsRegion(country) ? t("state") : t("optional", { f: t("state") })}
        />
        <Field
          {...postal}
          required={hasPostalCodes(country)}
          label={hasPostalCodes(country) ? t("postal") : t("optional", { f: t("postal") })}
        />
      </div>
    </>
  );
}

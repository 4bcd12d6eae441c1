import { useMemo } from "preact/hooks";
import { BRAND_NAMES, detectBrand, formatCardNumber, formatExpiry } from "../../card.ts";
import { countryOptions } from "../countries.ts";
import { money } from "../format.ts";
import { t } from "../i18n.ts";
import type { CheckoutModel } from "../models/CheckoutModel.ts";
import { CustomFields } from "./CustomFields.tsx";
import { EmailField, Field, FieldError, useField } from "./Field.tsx";
import { Form } from "./Form.tsx";
import { PromoCode } from "./PromoCode.tsx";

/** Card details for a plan on sale; the host page may hide the button and submit itself. */
export function PaymentForm({ model }: { model: CheckoutModel }) {
  const countries = useMemo(countryOptions, []);
  const field = useField(model.form);
  const { setValue } = model.form;
  const plan = model.plan.value!;
  const values = model.form.values.value;
  const errors = model.form.errors.value;
  const processing = model.state.value === "processing";
  const problem = model.problem.value;
  const brand = detectBrand(values.cardNumber!);
  const amount = money(model.amountDue.value, plan.base_currency);
  const submitLabel = processing ? (
    <>
      <span class="spinner" aria-hidden="true" />
      {t("processing")}
    </>
  ) : problem?.retryable ? (
    t("retry", { a: amount })
  ) : model.config.themeButtonText ? (
    model.config.themeButtonText
  ) : plan.trial_period_days && !model.amountDue.value ? (
    t("trial")
  ) : (
    t("pay", { a: amount })
  );

  return (
    <Form model={model} submitLabel={submitLabel}>
      <EmailField model={model} />
      <fieldset class="group joined">
        <legend>{t("card")}</legend>
        <Field
          {...field("cardNumber")}
          joined
          label={t("number")}
          inputMode="numeric"
          autoComplete="cc-number"
          dir="ltr"
          placeholder="1234 1234 1234 1234"
          maxLength={23}
          badge={BRAND_NAMES[brand] ?? ""}
          onInput={(value) => setValue("cardNumber", formatCardNumber(value))}
        />
        <div class="row">
          <Field
            {...field("expiry")}
            joined
            label={t("expiry", { f: t("expFormat") })}
            inputMode="numeric"
            autoComplete="cc-exp"
            dir="ltr"
            placeholder={t("expFormat")}
            onInput={(value) => setValue("expiry", formatExpiry(value))}
          />
          <Field
            {...field("cvc")}
            joined
            label={t("cvc")}
            inputMode="numeric"
            autoComplete="cc-csc"
            dir="ltr"
            placeholder={brand === "amex" ? "CVC (4)" : "CVC"}
            maxLength={4}
            onInput={(value) => setValue("cvc", value.replace(/\D/g, ""))}
          />
        </div>
        <FieldError id="cardNumber" error={errors.cardNumber} />
        <FieldError id="expiry" error={errors.expiry} />
        <FieldError id="cvc" error={errors.cvc} />
      </fieldset>
      <Field {...field("name")} label={t("name")} autoComplete="cc-name" placeholder="Jane Doe" />
      <div class={errors.country ? "field invalid" : "field"}>
        <label for="country">{t("country")}</label>
        <select
          id="country"
          name="country"
          autoComplete="country"
          value={values.country}
          aria-describedby="country-error"
          aria-invalid={errors.country ? "true" : undefined}
          onChange={(event) => setValue("country", event.currentTarget.value)}
        >
          {countries.map(([code, name]) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </select>
        <FieldError id="country" error={errors.country} />
      </div>
      <CustomFields model={model} />
      <PromoCode promo={model.promo} />
    </Form>
  );
}

import { useSignalEffect } from "@preact/signals";
import { useMemo } from "preact/hooks";
import { detectBrand, formatCardNumber, formatExpiry } from "../../card.ts";
import type { CheckoutModel } from "../CheckoutModel.ts";
import { countryOptions } from "../countries.ts";
import { money } from "../format.ts";
import { t } from "../i18n.ts";
import { Field, FieldError } from "./Field.tsx";
import { PromoCode } from "./PromoCode.tsx";
import { Terms } from "./Terms.tsx";

const BRAND_NAMES: Record<string, string> = {
  visa: "Visa",
  mastercard: "Mastercard",
  amex: "Amex",
  discover: "Discover",
  diners: "Diners Club",
  jcb: "JCB",
  unionpay: "UnionPay",
};

const focusField = (request: { field: string } | null) => {
  if (request) document.getElementById(request.field)?.focus();
};

/** Focuses the field the model asks for (one the platform refused, after its answer). */
export function useFocusRequests(model: CheckoutModel) {
  useSignalEffect(() => focusField(model.focusRequest.value));
}

/**
 * Submits, and focuses the first invalid field in the submit event itself: signal effects run
 * a frame later, when WebKit (Safari) no longer lets a cross-origin iframe move focus unless it
 * already had it (the buyer clicked Pay without having typed in a field).
 */
export function submitAndFocus(model: CheckoutModel) {
  const before = model.focusRequest.peek();
  void model.submit();
  const request = model.focusRequest.peek();
  if (request !== before) focusField(request);
}

export function PaymentForm({ model }: { model: CheckoutModel }) {
  useFocusRequests(model);
  const countries = useMemo(countryOptions, []);
  const plan = model.plan.value!;
  const values = model.values.value;
  const errors = model.errors.value;
  const processing = model.state.value === "processing";
  const problem = model.problem.value;
  const brand = detectBrand(values.cardNumber!);
  const amount = money(model.amountDue.value, plan.base_currency);
  const field = (name: string) => ({
    id: name,
    value: values[name] ?? "",
    error: errors[name],
    required: true,
    onBlur: () => model.blur(name),
    onInput: (value: string) => model.setValue(name, value),
  });

  return (
    <form
      class="form"
      noValidate
      aria-busy={processing}
      onSubmit={(event) => {
        event.preventDefault();
        submitAndFocus(model);
      }}
    >
      <Field
        {...field("email")}
        label={t("email")}
        type="email"
        inputMode="email"
        autoComplete="email"
        placeholder="you@example.com"
      />
      <fieldset class="group joined">
        <legend>{t("card")}</legend>
        <Field
          {...field("cardNumber")}
          joined
          label={t("number")}
          inputMode="numeric"
          autoComplete="cc-number"
          placeholder="1234 1234 1234 1234"
          maxLength={23}
          badge={BRAND_NAMES[brand] ?? ""}
          onInput={(value) => model.setValue("cardNumber", formatCardNumber(value))}
        />
        <div class="row">
          <Field
            {...field("expiry")}
            joined
            label={t("expiry")}
            inputMode="numeric"
            autoComplete="cc-exp"
            placeholder="MM / YY"
            maxLength={5}
            onInput={(value) => model.setValue("expiry", formatExpiry(value))}
          />
          <Field
            {...field("cvc")}
            joined
            label={t("cvc")}
            inputMode="numeric"
            autoComplete="cc-csc"
            placeholder={brand === "amex" ? "CVC (4)" : "CVC"}
            maxLength={4}
            onInput={(value) => model.setValue("cvc", value.replace(/\D/g, ""))}
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
          onChange={(event) => model.setValue("country", event.currentTarget.value)}
        >
          {countries.map(([code, name]) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </select>
        <FieldError id="country" error={errors.country} />
      </div>
      <PromoCode model={model} />
      <div class="alert" role="alert" data-testid="payment-error">
        {problem?.message ?? ""}
      </div>
      {!model.params.hideSubmitButton && (
        // aria-disabled rather than disabled: the button keeps keyboard focus while it waits.
        <button type="submit" class="pay" aria-disabled={processing} data-testid="pay">
          {processing ? (
            <>
              <span class="spinner" aria-hidden="true" />
              {t("processing")}
            </>
          ) : problem?.retryable ? (
            t("retry", { a: amount })
          ) : plan.trial_period_days && !model.amountDue.value ? (
            t("trial")
          ) : (
            t("pay", { a: amount })
          )}
        </button>
      )}
      <Terms model={model} />
    </form>
  );
}

import { useSignalEffect } from "@preact/signals";
import { useRef } from "preact/hooks";
import { detectBrand, formatCardNumber, formatExpiry } from "../../card.ts";
import { formatMoney } from "../../money.ts";
import type { CheckoutModel } from "../CheckoutModel.ts";
import type { FieldName } from "../fields.ts";
import { dueToday } from "../format.ts";
import { Field } from "./Field.tsx";

const BRAND_NAMES: Record<string, string> = {
  visa: "Visa",
  mastercard: "Mastercard",
  amex: "American Express",
  discover: "Discover",
  diners: "Diners Club",
  jcb: "JCB",
  unionpay: "UnionPay",
};

export function PaymentForm({ model }: { model: CheckoutModel }) {
  const refs = {
    email: useRef<HTMLInputElement>(null),
    name: useRef<HTMLInputElement>(null),
    cardNumber: useRef<HTMLInputElement>(null),
    expiry: useRef<HTMLInputElement>(null),
    cvc: useRef<HTMLInputElement>(null),
  } satisfies Record<FieldName, unknown>;

  useSignalEffect(() => {
    const request = model.focusRequest.value;
    if (request) refs[request.field].current?.focus();
  });

  const plan = model.view.value!.plan;
  const values = model.values.value;
  const errors = model.errors.value;
  const processing = model.state.value === "processing";
  const problem = model.problem.value;
  const brand = detectBrand(values.cardNumber);
  const amount = formatMoney(dueToday(plan), plan.base_currency);
  const field = (name: FieldName) => ({
    id: name,
    value: values[name],
    error: errors[name],
    inputRef: refs[name],
    onBlur: () => model.blur(name),
  });

  return (
    <form
      class="form"
      noValidate
      aria-busy={processing}
      onSubmit={(event) => {
        event.preventDefault();
        void model.submit();
      }}
    >
      <Field
        {...field("email")}
        label="Email"
        type="email"
        inputMode="email"
        autoComplete="email"
        placeholder="you@example.com"
        onInput={(value) => model.setValue("email", value)}
      />
      <fieldset class="card-group">
        <legend>Card information</legend>
        <Field
          {...field("cardNumber")}
          label="Card number"
          inputMode="numeric"
          autoComplete="cc-number"
          placeholder="1234 1234 1234 1234"
          maxLength={23}
          onInput={(value) => model.setValue("cardNumber", formatCardNumber(value))}
        />
        <span class="brand" aria-live="polite">
          {BRAND_NAMES[brand] ?? ""}
        </span>
        <div class="row">
          <Field
            {...field("expiry")}
            label="Expiry (MM/YY)"
            inputMode="numeric"
            autoComplete="cc-exp"
            placeholder="MM/YY"
            maxLength={5}
            onInput={(value) => model.setValue("expiry", formatExpiry(value))}
          />
          <Field
            {...field("cvc")}
            label="Security code"
            inputMode="numeric"
            autoComplete="cc-csc"
            placeholder={brand === "amex" ? "1234" : "123"}
            maxLength={4}
            onInput={(value) => model.setValue("cvc", value.replace(/\D/g, ""))}
          />
        </div>
      </fieldset>
      <Field
        {...field("name")}
        label="Name on card"
        autoComplete="cc-name"
        placeholder="Full name"
        onInput={(value) => model.setValue("name", value)}
      />
      <div class="alert" role="alert" data-testid="payment-error">
        {problem?.message ?? ""}
      </div>
      <button type="submit" class="pay" disabled={processing}>
        {processing
          ? "Processing…"
          : problem?.retryable
            ? `Try again · ${amount}`
            : `Pay ${amount}`}
      </button>
      <p class="fine">Test mode. Your card details go only to the checkout platform.</p>
    </form>
  );
}

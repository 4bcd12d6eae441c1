import type { CheckoutModel } from "../CheckoutModel.ts";
import { customKey } from "../fields.ts";
import { t } from "../i18n.ts";
import { Field } from "./Field.tsx";
import { submitAndFocus, useFocusRequests } from "./PaymentForm.tsx";
import { Terms } from "./Terms.tsx";

/** Waitlist and raffle plans: email and the plan's own questions, no card. */
export function EntryForm({ model }: { model: CheckoutModel }) {
  useFocusRequests(model);
  const raffle = model.plan.value!.release_method === "raffle";
  const values = model.values.value;
  const errors = model.errors.value;
  const processing = model.state.value === "processing";
  const field = (name: string) => ({
    id: name,
    value: values[name] ?? "",
    error: errors[name],
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
      <p class="note">{t(raffle ? "raffleNote" : "waitlistNote")}</p>
      <Field
        {...field("email")}
        required
        label={t("email")}
        type="email"
        inputMode="email"
        autoComplete="email"
        placeholder="you@example.com"
      />
      {model.customFields.value.map((custom) => (
        <Field
          key={custom.id}
          {...field(customKey(custom))}
          required={custom.required}
          label={custom.required ? custom.name : t("optional", { f: custom.name })}
          autoComplete="off"
          placeholder={custom.placeholder ?? undefined}
          maxLength={500}
        />
      ))}
      <div class="alert" role="alert" data-testid="payment-error">
        {model.problem.value?.message ?? ""}
      </div>
      {!model.params.hideSubmitButton && (
        <button type="submit" class="pay" aria-disabled={processing}>
          {processing ? t("processing") : t(raffle ? "enter" : "join")}
        </button>
      )}
      <Terms model={model} />
    </form>
  );
}

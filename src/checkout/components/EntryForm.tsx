import { customKey } from "../fields.ts";
import { t } from "../i18n.ts";
import type { CheckoutModel } from "../models/CheckoutModel.ts";
import { EmailField, Field, useField } from "./Field.tsx";
import { Form } from "./Form.tsx";

/** Waitlist and raffle plans: email and the plan's own questions, no card. */
export function EntryForm({ model }: { model: CheckoutModel }) {
  const field = useField(model.form);
  const raffle = model.plan.value!.release_method === "raffle";
  const processing = model.state.value === "processing";
  return (
    <Form model={model} submitLabel={processing ? t("processing") : t(raffle ? "enter" : "join")}>
      <p class="note">{t(raffle ? "raffleNote" : "waitlistNote")}</p>
      <EmailField model={model} />
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
    </Form>
  );
}

import { customKey } from "../fields.ts";
import { t } from "../i18n.ts";
import type { CheckoutModel } from "../models/CheckoutModel.ts";
import { Field, useField } from "./Field.tsx";

/** The plan's own questions, in their order: on the waitlist, raffle and payment forms alike. */
export function CustomFields({ model }: { model: CheckoutModel }) {
  const field = useField(model.form);
  return model.customFields.value.map((custom) => (
    <Field
      key={custom.id}
      {...field(customKey(custom))}
      required={custom.required}
      label={custom.required ? custom.name : t("optional", { f: custom.name })}
      autoComplete="off"
      placeholder={custom.placeholder ?? undefined}
      maxLength={500}
    />
  ));
}

import { countryNames } from "../i18n.ts";
import type { FormModel } from "../models/FormModel.ts";
import { FieldError } from "./Field.tsx";

/** A country `<select>` of the form's field `id` (the billing country unless told otherwise). */
export function CountryField(props: {
  form: FormModel;
  label: string;
  id?: string;
  autoComplete?: string;
}) {
  const { form, id = "country" } = props;
  const error = form.errors.value[id];
  return (
    <div class={error ? "field invalid" : "field"}>
      <label for={id}>{props.label}</label>
      <select
        id={id}
        name={id}
        autoComplete={props.autoComplete ?? "country"}
        value={form.values.value[id]}
        aria-describedby={`${id}-error`}
        aria-invalid={error ? "true" : undefined}
        onChange={(event) => form.setValue(id, event.currentTarget.value)}
      >
        {countryNames().map(([code, name]) => (
          <option key={code} value={code}>
            {name}
          </option>
        ))}
      </select>
      <FieldError id={id} error={error} />
    </div>
  );
}

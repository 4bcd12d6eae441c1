import type { Ref } from "preact";
import { t } from "../i18n.ts";
import type { CheckoutModel } from "../models/CheckoutModel.ts";
import type { FormModel } from "../models/FormModel.ts";

interface FieldProps {
  id: string;
  label: string;
  value: string;
  error?: string | undefined;
  inputRef?: Ref<HTMLInputElement>;
  autoComplete: string;
  inputMode?: "email" | "numeric" | "tel" | "text";
  type?: "email" | "tel" | "text";
  placeholder?: string | undefined;
  maxLength?: number;
  /** "ltr" for card data, email and phone numbers, which read left to right in every language. */
  dir?: "ltr";
  required?: boolean;
  /** Shown inside the input's end, e.g. the detected card brand. */
  badge?: string;
  /** Part of a joined group: the label is for screen readers, the group shows the error. */
  joined?: boolean;
  readOnly?: boolean;
  onInput: (value: string) => void;
  onBlur: () => void;
}

/** A field's error, tied to its input by id and announced when it appears. */
export const FieldError = ({ id, error }: { id: string; error?: string | undefined }) => (
  <p id={`${id}-error`} class="field-error" aria-live="polite">
    {error ?? ""}
  </p>
);

/** A labelled input whose error is tied to it for screen readers and announced when it appears. */
export function Field(props: FieldProps) {
  const errorId = `${props.id}-error`;
  return (
    <div class={props.error ? "field invalid" : "field"}>
      <label for={props.id} class={props.joined ? "sr-only" : undefined}>
        {props.label}
      </label>
      <div class="control">
        <input
          id={props.id}
          ref={props.inputRef}
          name={props.id}
          type={(props.type ?? "text") as "text"}
          inputMode={props.inputMode}
          autoComplete={props.autoComplete}
          placeholder={props.placeholder}
          maxLength={props.maxLength}
          dir={props.dir}
          readOnly={props.readOnly}
          value={props.value}
          aria-required={props.required}
          aria-invalid={props.error ? "true" : undefined}
          aria-describedby={errorId}
          onInput={(event) => props.onInput(event.currentTarget.value)}
          onBlur={props.onBlur}
        />
        {props.badge !== undefined && (
          <span class="badge" aria-live="polite">
            {props.badge}
          </span>
        )}
      </div>
      {!props.joined && <FieldError id={props.id} error={props.error} />}
    </div>
  );
}

/**
 * The buyer's email. The host page may hide it (it prefilled a valid one; shown again should it
 * become invalid, e.g. through `setEmail`) or lock it (read-only for the buyer).
 */
export function EmailField({ model }: { model: CheckoutModel }) {
  const { config, form } = model;
  const field = useField(form);
  if (config.hideEmail && !form.errors.value.email) return null;
  return (
    <Field
      {...field("email")}
      label={t("email")}
      type="email"
      inputMode="email"
      autoComplete="email"
      dir="ltr"
      placeholder="you@example.com"
      readOnly={config.disableEmail}
    />
  );
}

/**
 * The props that tie a form field to the form model: value, error, and the model's input and
 * blur handlers. Fields are required unless a prop after the spread says otherwise.
 */
export function useField(form: FormModel) {
  const values = form.values.value;
  const errors = form.errors.value;
  return (name: string) => ({
    id: name,
    value: values[name] ?? "",
    error: errors[name],
    required: true,
    onBlur: () => form.blur(name),
    onInput: (value: string) => form.setValue(name, value),
  });
}

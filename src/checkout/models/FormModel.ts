import { batch, type ReadonlySignal, signal } from "@preact/signals";
import type { CustomField } from "../../protocol/index.ts";
import {
  customKey,
  type FormErrors,
  type FormValues,
  validateAll,
  validateField,
} from "../fields.ts";

export type FormModel = ReturnType<typeof createFormModel>;

/**
 * The buyer's answers and their problems. A field is checked when the buyer leaves it, again
 * as they fix it, and all fields at once on submit; the first invalid one is asked to get focus.
 */
export function createFormModel(
  initial: FormValues,
  customFields: ReadonlySignal<CustomField[]>,
  now: () => Date,
) {
  const values = signal<FormValues>(initial);
  const errors = signal<FormErrors>({});
  /** The values that passed their check when the buyer left their field or submitted. */
  const accepted = signal<FormValues>({});
  /** Asks the form to focus a field (after a failed submit). */
  const focusRequest = signal<{ field: string } | null>(null);

  function check(name: string): string | undefined {
    const custom = customFields.value.find((field) => customKey(field) === name);
    return validateField(name, values.value, now(), custom) ?? undefined;
  }

  function setValue(name: string, value: string): void {
    batch(() => {
      values.value = { ...values.value, [name]: value };
      // Once a field shows an error, re-check it as the buyer fixes it.
      if (errors.value[name]) errors.value = { ...errors.value, [name]: check(name) };
    });
  }

  const accept = (names: readonly string[]) => {
    const picked = Object.fromEntries(names.map((name) => [name, values.value[name] ?? ""]));
    accepted.value = { ...accepted.value, ...picked };
  };

  function blur(name: string): void {
    if (!values.value[name]) return;
    const error = check(name);
    batch(() => {
      errors.value = { ...errors.value, [name]: error };
      if (!error) accept([name]);
    });
  }

  /** Checks `names` in order; focuses the first invalid field and returns false when any is. */
  function validate(names: readonly string[]): boolean {
    const found = validateAll(names, values.value, customFields.value, now());
    batch(() => {
      errors.value = found;
      accept(names.filter((name) => !found[name]));
    });
    const first = Object.keys(found)[0];
    if (first) focusRequest.value = { field: first };
    return !first;
  }

  /** Shows `message` on one field and focuses it, like the form's own checks. */
  function refuse(field: string, message: string): void {
    errors.value = { ...errors.value, [field]: message };
    focusRequest.value = { field };
  }

  return { values, errors, accepted, focusRequest, setValue, blur, validate, refuse };
}

import type { ComponentChildren } from "preact";
import type { CheckoutModel } from "../models/CheckoutModel.ts";
import { submitAndFocus, useFocusRequests } from "./focus.ts";
import { Terms } from "./Terms.tsx";

/**
 * The frame shared by the payment and the entry form: submit through the model, focus the field
 * it asks for, the call's problem, the submit button (unless the host page submits) and the terms.
 */
export function Form(props: {
  model: CheckoutModel;
  submitLabel: ComponentChildren;
  children: ComponentChildren;
}) {
  const { model } = props;
  useFocusRequests(model.form);
  const processing = model.state.value === "processing";
  return (
    <form
      class="form"
      noValidate
      aria-busy={processing}
      onSubmit={(event) => {
        event.preventDefault();
        submitAndFocus(model.form, () => void model.submit());
      }}
    >
      {props.children}
      <div class="alert" role="alert" data-testid="payment-error">
        {model.problem.value?.message ?? ""}
      </div>
      {!model.config.hideSubmitButton && (
        // aria-disabled rather than disabled: the button keeps keyboard focus while it waits.
        // Pressing it keeps focus in the field being typed in: its blur would show that field's
        // error above the button, moving the button from under the pointer before the click.
        // Only when the checkout has focus already: a first press must still give the frame
        // focus, or WebKit ignores the focus moves that follow (see focus.ts).
        <button
          type="submit"
          class="pay"
          aria-disabled={processing}
          data-testid="pay"
          onMouseDown={(event) => document.hasFocus() && event.preventDefault()}
        >
          {props.submitLabel}
        </button>
      )}
      <Terms model={model} />
    </form>
  );
}

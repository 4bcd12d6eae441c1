import { useSignalEffect } from "@preact/signals";
import { useLayoutEffect, useRef } from "preact/hooks";
import type { FormModel } from "../models/FormModel.ts";

/**
 * Moves focus to the element when it appears: a new step's heading (challenge, confirmation),
 * so keyboard and screen-reader users land on it instead of on nothing, or a field the buyer
 * just opened. A layout effect, in the same task as the buyer's click: WebKit (Safari) ignores
 * `focus()` in a cross-origin iframe made later (useEffect waits for the next frame) unless
 * the iframe already had focus.
 */
export function useFocusOnMount<T extends HTMLElement = HTMLHeadingElement>(focus = true) {
  const ref = useRef<T>(null);
  useLayoutEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus]);
  return ref;
}

const focusField = (request: { field: string } | null) => {
  if (request) document.getElementById(request.field)?.focus();
};

/** Focuses the field the form asks for (one the platform refused, after its answer). */
export function useFocusRequests(form: FormModel) {
  useSignalEffect(() => focusField(form.focusRequest.value));
}

/**
 * Runs `submit` and focuses the first invalid field in the submit event itself: signal effects
 * run a frame later, when WebKit (Safari) no longer lets a cross-origin iframe move focus
 * unless it already had it (the buyer clicked Pay without having typed in a field).
 */
export function submitAndFocus(form: FormModel, submit: () => unknown) {
  const before = form.focusRequest.peek();
  submit();
  const request = form.focusRequest.peek();
  if (request !== before) focusField(request);
}

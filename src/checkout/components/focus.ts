import { useSignalEffect } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import type { FormModel } from "../models/FormModel.ts";

/**
 * Moves focus to the element when a new step (challenge, confirmation) replaces the form, so
 * keyboard and screen-reader users land on its heading instead of on nothing.
 */
export function useFocusOnMount<T extends HTMLElement = HTMLHeadingElement>() {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}

/** Focuses the field the form asks for (the first invalid one after a submit). */
export function useFocusRequests(form: FormModel) {
  useSignalEffect(() => {
    const request = form.focusRequest.value;
    if (request) document.getElementById(request.field)?.focus();
  });
}

import { useEffect, useRef } from "preact/hooks";

/**
 * Moves focus to the element when a new step (challenge, confirmation) replaces the form, so
 * keyboard and screen-reader users land on its heading instead of on nothing.
 */
export function useFocusOnMount<T extends HTMLElement = HTMLHeadingElement>() {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}

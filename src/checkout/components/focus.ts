import { useLayoutEffect, useRef } from "preact/hooks";

/**
 * Moves focus to the element when it appears: a new step's heading (challenge, confirmation),
 * so keyboard and screen-reader users land on it instead of on nothing, or a field the buyer
 * just opened. A layout effect, in the same task as the buyer's click: WebKit (Safari) ignores
 * `focus()` in a cross-origin iframe made later (useEffect waits for the next frame) unless
 * the iframe already had focus.
 */
export function useFocusOnMount<T extends HTMLElement = HTMLHeadingElement>() {
  const ref = useRef<T>(null);
  useLayoutEffect(() => ref.current?.focus(), []);
  return ref;
}

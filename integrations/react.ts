import {
  createElement,
  type ForwardedRef,
  forwardRef,
  useEffect,
  useImperativeHandle,
  useRef,
} from "react";
import {
  type CheckoutEmbedActions,
  type CheckoutEmbedOptions,
  createEmbedController,
} from "./controller.ts";

export type { CheckoutEmbedActions, CheckoutEmbedOptions } from "./controller.ts";

export interface CheckoutEmbedProps extends CheckoutEmbedOptions {
  className?: string;
}

/**
 * The embedded checkout as a React component. Props are the embed options (`planId`,
 * `sessionId`, `theme`, `origin`, …) and callbacks; the ref exposes `submit`, `getEmail` and
 * `setEmail`. Renders an empty element on the server; the checkout mounts in the browser.
 */
export const CheckoutEmbed = forwardRef(function CheckoutEmbed(
  { className, ...options }: CheckoutEmbedProps,
  ref: ForwardedRef<CheckoutEmbedActions>,
) {
  const element = useRef<HTMLDivElement>(null);
  const controller = useRef<ReturnType<typeof createEmbedController> | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: mounts once; later renders go through update() below.
  useEffect(() => {
    const created = createEmbedController(element.current!, options);
    controller.current = created;
    return () => {
      created.destroy();
      controller.current = null;
    };
  }, []);

  useEffect(() => {
    controller.current?.update(options);
  });

  useImperativeHandle(
    ref,
    (): CheckoutEmbedActions => ({
      submit: () => controller.current?.actions.submit(),
      getEmail: () => controller.current?.actions.getEmail() ?? Promise.resolve(null),
      setEmail: (email) => controller.current?.actions.setEmail(email),
    }),
    [],
  );

  return createElement("div", { ref: element, className });
});

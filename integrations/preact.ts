import { createElement, type Ref } from "preact";
import { forwardRef } from "preact/compat";
import { useEffect, useImperativeHandle, useRef } from "preact/hooks";
import {
  type CheckoutEmbedActions,
  type CheckoutEmbedOptions,
  createEmbedController,
} from "./controller.ts";

export type { CheckoutEmbedActions, CheckoutEmbedOptions } from "./controller.ts";

export interface CheckoutEmbedProps extends CheckoutEmbedOptions {
  class?: string;
}

/**
 * The embedded checkout as a Preact component: the same props and ref as the React one
 * (`class` instead of `className`).
 */
export const CheckoutEmbed = forwardRef(function CheckoutEmbed(
  { class: className, ...options }: CheckoutEmbedProps,
  ref: Ref<CheckoutEmbedActions>,
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

  return createElement("div", { ref: element, class: className });
});

import { createElement } from "preact";
import { forwardRef } from "preact/compat";
import { useEffect, useImperativeHandle, useRef } from "preact/hooks";
import { defineCheckoutEmbed, type Hooks } from "./component.ts";
import type { CheckoutEmbedActions, CheckoutEmbedOptions } from "./controller.ts";

export type { CheckoutEmbedActions, CheckoutEmbedOptions } from "./controller.ts";

export interface CheckoutEmbedProps extends CheckoutEmbedOptions {
  class?: string;
}

/**
 * The embedded checkout as a Preact component: the same props and ref as the React one
 * (`class` instead of `className`).
 */
export const CheckoutEmbed = defineCheckoutEmbed(
  { createElement, forwardRef, useEffect, useImperativeHandle, useRef } as unknown as Hooks,
  "class",
) as import("preact").FunctionComponent<
  CheckoutEmbedProps & { ref?: import("preact").Ref<CheckoutEmbedActions> }
>;

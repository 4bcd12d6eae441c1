import * as React from "react";
import { defineCheckoutEmbed, type Hooks } from "./component.ts";
import type { CheckoutEmbedActions, CheckoutEmbedOptions } from "./controller.ts";

export type { CheckoutEmbedActions, CheckoutEmbedOptions } from "./controller.ts";

export interface CheckoutEmbedProps extends CheckoutEmbedOptions {
  className?: string;
}

/**
 * The embedded checkout as a React component. Props are the embed options (`planId`,
 * `sessionId`, `theme`, `origin`, …) and callbacks; the ref exposes `submit`, `getEmail`,
 * `setEmail`, `getAddress` and `setAddress`. Renders an empty element on the server; the checkout mounts in the browser.
 */
export const CheckoutEmbed = defineCheckoutEmbed(
  React as unknown as Hooks,
  "className",
) as React.ForwardRefExoticComponent<
  CheckoutEmbedProps & React.RefAttributes<CheckoutEmbedActions>
>;

/**
 * The programmatic API for bundlers: the same functions as `window.WhopCheckout` on pages
 * that load loader.js, without the automatic scan of `data-whop-checkout-*` elements and
 * without touching the DOM until called. Pass the checkout origin as `origin`.
 */
import * as helpers from "../loader/api.ts";
import type { PurchaseResult } from "../loader/modal.ts";
import {
  type EmbedHandle,
  embeds,
  type EmbedOptions as LoaderOptions,
  mount as mountIn,
} from "../loader/mount.ts";
import type { ForwardedSettings } from "../src/settings.ts";

export type { PurchaseResult } from "../loader/modal.ts";
export type { EmbedEventMap, EmbedHandle } from "../loader/mount.ts";
export type { Font } from "../src/settings.ts";

/** Options of `mount()` and `open()`: every setting, by its option name. */
export type EmbedOptions = LoaderOptions & ForwardedSettings;
export type { CheckoutState, CompleteDetail, HostAddress, Theme } from "../src/protocol/index.ts";

/** Mounts a checkout in `element`, in place of any earlier one; `origin` is required here. */
export const mount = (element: HTMLElement, options: EmbedOptions): EmbedHandle | null =>
  mountIn(element, options, "", (...problem) => helpers.explain(context, ...problem));

const context: helpers.Context = { embeds, mount };

/** Shows the checkout in a modal dialog; settles with the in-app purchase result shape. */
export const open: (options: EmbedOptions) => Promise<PurchaseResult> = helpers.open.bind(
  null,
  context,
);

/** Submits the checkout mounted with `identifier`, as its own pay button would. */
export const submit = helpers.submit.bind(null, context);

/** Fills in the email field of the checkout mounted with `identifier`. */
export const setEmail = helpers.setEmail.bind(null, context);

/** The email typed so far in the checkout mounted with `identifier`. */
export const getEmail = helpers.getEmail.bind(null, context);

/** The billing address typed so far in the checkout mounted with `identifier`, and whether it is complete. */
export const getAddress = helpers.getAddress.bind(null, context);

/** Fills in parts of the billing address of the checkout mounted with `identifier`. */
export const setAddress = helpers.setAddress.bind(null, context);

/**
 * The programmatic API for bundlers: the same functions as `window.WhopCheckout` on pages
 * that load loader.js, without the automatic scan of `data-whop-checkout-*` elements and
 * without touching the DOM until called. Pass the checkout origin as `origin`.
 */
import * as helpers from "../loader/api.ts";
import { open as openModal, type PurchaseResult } from "../loader/modal.ts";
import { type EmbedOptions, embeds, mount } from "../loader/mount.ts";

export type { PurchaseResult } from "../loader/modal.ts";
export type { EmbedEventMap, EmbedHandle, EmbedOptions } from "../loader/mount.ts";
export type { CheckoutState, CompleteDetail, Theme } from "../src/protocol/index.ts";
export { mount };

/** Shows the checkout in a modal dialog; settles with the in-app purchase result shape. */
export const open = (options: EmbedOptions): Promise<PurchaseResult> => openModal(options, mount);

/** Submits the checkout mounted with `identifier`, as its own pay button would. */
export const submit = (identifier: string): void => helpers.submit(embeds, identifier);

/** Fills in the email field of the checkout mounted with `identifier`. */
export const setEmail = (identifier: string, email: string): void =>
  helpers.setEmail(embeds, identifier, email);

/** The email typed so far in the checkout mounted with `identifier`. */
export const getEmail = (identifier: string): Promise<string | null> =>
  helpers.getEmail(embeds, identifier);

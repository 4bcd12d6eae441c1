// The programmatic API beyond `mount`: built to dist/loader-api.js, served from the checkout
// origin and imported by loader.js on first use (see loader/index.ts), so pages that only
// embed inline never download it; the npm package imports it directly. Each helper takes the
// embeds it serves and the `mount` to use as its first argument; every other export here is
// a type.

import type { HostAddress } from "../src/protocol/index.ts";
import { explainProblem } from "./explain.ts";
import { logError } from "./log.ts";
import { open as openModal, type PurchaseResult } from "./modal.ts";
import type { EmbedEventMap, EmbedHandle, EmbedOptions, Explain, Mount } from "./mount.ts";

/** What the helpers work on: the page's embeds by container, and how to mount one. */
export interface Context {
  embeds: Map<HTMLElement, EmbedHandle | null>;
  mount: Mount;
}

/** A helper as a page calls it: the context is given already. */
export type WithContext<Helper> = Helper extends (context: Context, ...args: infer Args) => infer R
  ? (...args: Args) => R
  : never;

/** The mounted embed named `identifier`, or a console error saying there is none. */
function named({ embeds }: Context, identifier: string): EmbedHandle | undefined {
  for (const handle of embeds.values()) {
    if (handle && handle.settings.identifier === identifier) return handle;
  }
  logError(`No mounted checkout has the identifier "${identifier}".`);
}

/** Submits the named checkout's form, as its own pay button would. */
export async function submit(context: Context, identifier: string): Promise<void> {
  named(context, identifier)?.send("submit");
}

/** Fills in the named checkout's email field. */
export async function setEmail(context: Context, identifier: string, email: string): Promise<void> {
  named(context, identifier)?.send("set-email", { email });
}

let requests = 0;

/**
 * Asks the named checkout with a `question` and settles with what its `answer` event says (by
 * `pick`): null when there is no such checkout, or when it is unmounted before it answers.
 */
function ask<Type extends "email" | "address", Value>(
  context: Context,
  identifier: string,
  question: "get-email" | "get-address",
  answer: Type,
  pick: (detail: EmbedEventMap[`whop-checkout:${Type}`]) => Value,
): Promise<Value | null> {
  const handle = named(context, identifier);
  if (!handle) return Promise.resolve(null);
  const id = ++requests;
  const type = `whop-checkout:${answer}`;
  return new Promise((resolve) => {
    const settle = (value: Value | null) => {
      handle.element.removeEventListener(type, onAnswer);
      const watcher = handle.onUnmount.indexOf(onUnmount);
      if (watcher >= 0) handle.onUnmount.splice(watcher, 1);
      resolve(value);
    };
    const onAnswer = (event: Event) => {
      const detail = (event as CustomEvent<EmbedEventMap[`whop-checkout:${Type}`]>).detail;
      if (detail.id === id) settle(pick(detail));
    };
    // An unmounted checkout never answers.
    const onUnmount = () => settle(null);
    handle.element.addEventListener(type, onAnswer);
    handle.onUnmount.push(onUnmount);
    handle.send(question, { id });
  });
}

/**
 * The email typed in the named checkout so far; null when there is no such checkout, or when
 * it is unmounted before it answers.
 */
export const getEmail = (context: Context, identifier: string): Promise<string | null> =>
  ask(context, identifier, "get-email", "email", (detail) => detail.email);

/**
 * The named checkout's billing address so far (`name` is the name on the card), and whether
 * every part of it that the checkout collects is filled in and valid; null as for `getEmail`.
 */
export const getAddress = (
  context: Context,
  identifier: string,
): Promise<{ address: HostAddress; isComplete: boolean } | null> =>
  ask(context, identifier, "get-address", "address", ({ address, isComplete }) => ({
    address,
    isComplete,
  }));

/**
 * Fills in the given parts of the named checkout's billing address, checked as if the buyer had
 * typed them: an invalid one shows its error and is reported as `address-validation-error`.
 */
export async function setAddress(
  context: Context,
  identifier: string,
  address: Partial<HostAddress>,
): Promise<void> {
  named(context, identifier)?.send("set-address", { address });
}

/** Shows a checkout in a modal dialog; settles when the buyer pays or closes it. */
export const open = ({ mount }: Context, options: EmbedOptions): Promise<PurchaseResult> =>
  openModal(options, mount);

/** Says what went wrong (see explain.ts): loader.js calls it, never the page. */
export const explain = ({ embeds }: Context, ...problem: Parameters<Explain>) =>
  explainProblem(embeds, ...problem);

// The on-demand helpers: built to dist/loader-api.js, served from the checkout origin and
// imported by loader.js on first use (see `later` in log.ts), so pages that only embed inline,
// with correct attributes, never download them.

import { logError } from "./log.ts";
import { open as openModal, type PurchaseResult } from "./modal.ts";
import type { EmbedEventMap, EmbedHandle, EmbedOptions, mount as mountEmbed } from "./mount.ts";

export { explain } from "./explain.ts";
// Named after the messages they follow.
export { completed as complete, stateChanged as state } from "./purchase.ts";

/** What the loader hands the programmatic helpers: its embeds. */
type Embeds = Map<HTMLElement, EmbedHandle | null>;

/** The mounted embed named `identifier`, or a console error saying there is none. */
function named(embeds: Embeds, identifier: string): EmbedHandle | undefined {
  for (const handle of embeds.values()) {
    if (handle && handle.read("identifier") === identifier) return handle;
  }
  logError(`No mounted checkout has the identifier "${identifier}".`);
}

/** Submits the named checkout's form, as its own pay button would. */
export function submit(embeds: Embeds, identifier: string): void {
  named(embeds, identifier)?.send("submit");
}

/** Fills in the named checkout's email field. */
export function setEmail(embeds: Embeds, identifier: string, email: string): void {
  named(embeds, identifier)?.send("set-email", { email });
}

let requests = 0;

/** The email typed in the named checkout so far; null when there is no such checkout. */
export function getEmail(embeds: Embeds, identifier: string): Promise<string | null> {
  const handle = named(embeds, identifier);
  if (!handle) return Promise.resolve(null);
  const id = ++requests;
  return new Promise((resolve) => {
    const onEmail = (event: Event) => {
      const detail = (event as CustomEvent<EmbedEventMap["whop-checkout:email"]>).detail;
      if (detail.id !== id) return;
      handle.element.removeEventListener("whop-checkout:email", onEmail);
      resolve(detail.email);
    };
    handle.element.addEventListener("whop-checkout:email", onEmail);
    handle.send("get-email", { id });
  });
}

/** Shows a checkout in a modal dialog; settles when the buyer pays or closes it. */
export const open = (_embeds: Embeds, options: EmbedOptions): Promise<PurchaseResult> =>
  openModal(
    options,
    (window as unknown as { WhopCheckout: { mount: typeof mountEmbed } }).WhopCheckout.mount,
  );

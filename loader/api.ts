// The on-demand helpers of the programmatic API: built to dist/loader-api.js, served from the
// checkout origin and imported by loader.js on first use (see `later` in log.ts), so pages
// that only embed inline never download them.

import { logError } from "./log.ts";
import { open as openModal, type PurchaseResult } from "./modal.ts";
import type { EmbedEventMap, EmbedHandle, EmbedOptions, mount as mountEmbed } from "./mount.ts";

/** What the loader hands the programmatic helpers: its embeds. */
type Embeds = Map<HTMLElement, EmbedHandle | null>;

/** The mounted embed named `identifier`, or a console error saying there is none. */
function named(embeds: Embeds, identifier: string): EmbedHandle | undefined {
  for (const handle of embeds.values()) {
    if (handle && handle.settings.identifier === identifier) return handle;
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

/** What to do when a handle is unmounted, by handle; its `unmount` is wrapped once. */
const unmountWatchers = new WeakMap<EmbedHandle, Set<() => void>>();

/** Runs `callback` when `handle` is unmounted; returns a function that cancels that. */
function whenUnmounted(handle: EmbedHandle, callback: () => void): () => void {
  let watchers = unmountWatchers.get(handle);
  if (!watchers) {
    const all = new Set<() => void>();
    const { unmount } = handle;
    handle.unmount = () => {
      unmount();
      for (const watcher of all) watcher();
      all.clear();
    };
    unmountWatchers.set(handle, all);
    watchers = all;
  }
  watchers.add(callback);
  const registered = watchers;
  return () => registered.delete(callback);
}

/**
 * The email typed in the named checkout so far; null when there is no such checkout, or when
 * it is unmounted before it answers.
 */
export function getEmail(embeds: Embeds, identifier: string): Promise<string | null> {
  const handle = named(embeds, identifier);
  if (!handle) return Promise.resolve(null);
  const id = ++requests;
  return new Promise((resolve) => {
    const settle = (email: string | null) => {
      handle.element.removeEventListener("whop-checkout:email", onEmail);
      stopWatching();
      resolve(email);
    };
    const onEmail = (event: Event) => {
      const detail = (event as CustomEvent<EmbedEventMap["whop-checkout:email"]>).detail;
      if (detail.id === id) settle(detail.email);
    };
    handle.element.addEventListener("whop-checkout:email", onEmail);
    // An unmounted checkout never answers.
    const stopWatching = whenUnmounted(handle, () => settle(null));
    handle.send("get-email", { id });
  });
}

/** Shows a checkout in a modal dialog; settles when the buyer pays or closes it. */
export const open = (_embeds: Embeds, options: EmbedOptions): Promise<PurchaseResult> =>
  openModal(
    options,
    (window as unknown as { WhopCheckout: { mount: typeof mountEmbed } }).WhopCheckout.mount,
  );

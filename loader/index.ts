import { PREFIX, SELECTOR, settingsOf, THEME } from "./attributes.ts";
import { later, logError } from "./log.ts";
import type { PurchaseResult } from "./modal.ts";
import { attach, type EmbedOptions, embeds, forget, mount } from "./mount.ts";

export type { PurchaseResult } from "./modal.ts";
export type { EmbedEventMap, EmbedHandle, EmbedOptions } from "./mount.ts";

/**
 * Brings the embeds in line with the document: a theme change reaches the live checkout, any
 * other change of a `data-whop-checkout-*` attribute mounts it afresh, new elements are mounted
 * and removed ones released. Runs at start and on every change; never lets an error escape
 * into the page.
 */
function scan(records: MutationRecord[]): void {
  try {
    for (const { target, attributeName } of records) {
      if (!attributeName?.startsWith(PREFIX)) continue;
      const element = target as HTMLElement;
      const handle = embeds.get(element);
      // The checkout checks the theme, as it does at mount (null: removed, the default).
      if (handle && attributeName === THEME) {
        handle.send("theme", { theme: element.getAttribute(THEME) });
      } else {
        forget(element);
      }
    }
    for (const element of embeds.keys()) if (!element.isConnected) forget(element);
    for (const element of document.querySelectorAll<HTMLElement>(SELECTOR)) {
      if (!embeds.has(element)) {
        // The document is watched for elements, each container for its own attributes only,
        // so the page's other attribute changes never reach this code.
        observer.observe(element, { attributes: true });
        attach(element, settingsOf(element)) || embeds.set(element, null);
      }
    }
  } catch (error) {
    logError(error);
  }
}

/** The one observer: the document's elements, and each container's attributes. */
let observer: MutationObserver;

/**
 * The programmatic API: `window.WhopCheckout`, and this module's exports. Beyond `mount`, the
 * helpers are in the on-demand module (see `later`).
 */
export const WhopCheckout = { mount } as {
  mount: typeof mount;
  open(options: EmbedOptions): Promise<PurchaseResult>;
  submit(identifier: string): Promise<void>;
  getEmail(identifier: string): Promise<string | null>;
  setEmail(identifier: string, email: string): Promise<void>;
};
for (const name of ["open", "submit", "getEmail", "setEmail"] as const) {
  // biome-ignore lint/suspicious/noExplicitAny: each helper is typed on WhopCheckout above.
  WhopCheckout[name] = (...args: unknown[]) => (later as any)(name, embeds, ...args);
}

// One global namespace. A second copy of the script finds it taken and does nothing more.
const host = window as unknown as Record<string, unknown>;
if (!host.WhopCheckout) {
  host.WhopCheckout = WhopCheckout;
  observer = new MutationObserver(scan);
  observer.observe(document, { childList: true, subtree: true });
  scan([]);
}

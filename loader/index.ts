import { PREFIX, RULES, SELECTOR } from "./attributes.ts";
import { later, logError } from "./log.ts";
import type { PurchaseResult } from "./modal.ts";
import { attach, type EmbedOptions, embeds, forget, mount } from "./mount.ts";

export type { PurchaseResult } from "./modal.ts";
export type { EmbedEventMap, EmbedHandle, EmbedOptions } from "./mount.ts";

const THEME = RULES[3]!;
const THEME_ATTRIBUTE = PREFIX + THEME[0];

/**
 * Brings the embeds in line with the document: a theme change reaches the live checkout, any
 * other attribute change mounts it afresh, new elements are mounted and removed ones released.
 * Runs at start and on every change; never lets an error escape into the page.
 */
function scan(records: MutationRecord[] = []): void {
  try {
    for (const { target, attributeName } of records) {
      const element = target as HTMLElement;
      const theme = element.getAttribute(THEME_ATTRIBUTE) || "system";
      const handle = embeds.get(element);
      // An invalid theme mounts afresh too, where it is reported and the default applies.
      if (handle && attributeName === THEME_ATTRIBUTE && THEME[2]!.test(theme)) {
        handle.send("theme", { theme });
      } else if (attributeName) {
        forget(element);
      }
    }
    for (const element of embeds.keys()) if (!element.isConnected) forget(element);
    for (const element of document.querySelectorAll<HTMLElement>(SELECTOR)) {
      if (!embeds.has(element)) {
        attach(element, (name) => element.getAttribute(PREFIX + name)) || embeds.set(element, null);
      }
    }
  } catch (error) {
    logError(error);
  }
}

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
  new MutationObserver(scan).observe(document, {
    childList: true,
    subtree: true,
    attributeFilter: RULES.map(([name]) => PREFIX + name),
  });
  scan();
}

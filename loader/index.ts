// The entry of loader.js (an IIFE; it exports nothing): the `window.WhopCheckout` namespace,
// the scan of `data-whop-checkout-*` elements, and the lazy load of loader-api.js.
import type * as Api from "./api.ts";
import { PREFIX, SELECTOR, settingsOf, THEME } from "./attributes.ts";
import { logError } from "./log.ts";
import { type EmbedOptions, embeds, forget, type Mount, mount } from "./mount.ts";

// The checkout origin is where this script came from; readable only while it executes.
const script = document.currentScript as HTMLScriptElement | null;
const checkoutOrigin = script?.src ? new URL(script.src).origin : "";

/** `mount`, with this script's origin as the checkout origin unless the options name one. */
const mountHere: Mount = (element, options) => mount(element, options, checkoutOrigin);

/**
 * Mounts every container among `nodes` and their descendants that is not mounted yet. Only
 * these nodes are looked at, never the whole document. Mounting reads what the page wrote, so
 * no error of it escapes into the page.
 */
function mountWithin(nodes: Iterable<Node>): void {
  try {
    for (const node of nodes as Iterable<HTMLElement>) {
      // Text and comments have neither property; a leaf element (most of what pages add) is
      // not searched.
      for (const element of node.firstElementChild
        ? [node, ...node.querySelectorAll<HTMLElement>(SELECTOR)]
        : [node]) {
        if (element.matches?.(SELECTOR) && !embeds.has(element)) {
          // The document is watched for elements, each container for its own attributes only,
          // so the page's other attribute changes never reach this code.
          observer.observe(element, { attributes: true });
          mountHere(element, settingsOf(element) as EmbedOptions) || embeds.set(element, null);
        }
      }
    }
  } catch (error) {
    logError(error);
  }
}

/**
 * Brings the embeds in line with the document: a theme change reaches the live checkout, any
 * other change of a `data-whop-checkout-*` attribute mounts it afresh, added elements are
 * mounted and removed ones released.
 */
function scan(records: MutationRecord[]): void {
  for (const { target, attributeName, addedNodes } of records) {
    mountWithin(addedNodes);
    if (!attributeName?.startsWith(PREFIX)) continue;
    const element = target as HTMLElement;
    const handle = embeds.get(element);
    // The checkout checks the theme, as it does at mount (null: removed, the default).
    if (handle && attributeName === THEME) {
      handle.send("theme", { theme: element.getAttribute(THEME) });
    } else {
      forget(element);
      mountWithin([element]);
    }
  }
  // Last: an element added and removed within the batch is mounted above, released here.
  for (const element of embeds.keys()) if (!element.isConnected) forget(element);
}

/** The one observer: the document's elements, and each container's attributes. */
let observer: MutationObserver;

/** What the helpers of loader-api.js work on. */
const context: Api.Context = { embeds, mount: mountHere };

type HelperName = keyof typeof Api;
let helpers: Promise<typeof Api> | undefined;

// loader-api.js's content-addressed path and Subresource Integrity hash, written in by the
// build (scripts/build.mjs), so that a page pinning loader.js by integrity runs no unpinned
// code.
declare const LOADER_API_PATH: string;
declare const LOADER_API_INTEGRITY: string;

const apiUrl = checkoutOrigin + LOADER_API_PATH;

/** Imports loader-api.js, pinned: the import uses the module its checked preload fetched. */
function importApi(): Promise<typeof Api> {
  document.head.append(
    Object.assign(document.createElement("link"), {
      rel: "modulepreload",
      href: apiUrl,
      integrity: LOADER_API_INTEGRITY,
    }),
  );
  return import(apiUrl);
}

/**
 * Helper `name` of loader-api.js, which is imported from the checkout origin on first use
 * (once): pages that only embed inline never download it. If it cannot be loaded (or fails
 * its integrity check), the error is logged and the call settles with undefined.
 */
const later =
  (name: HelperName) =>
  (...args: unknown[]) =>
    // biome-ignore lint/suspicious/noAssignInExpressions: loaded once, on first use.
    (helpers ||= importApi()).then(
      // biome-ignore lint/suspicious/noExplicitAny: the namespace's type below types each helper.
      (module) => (module[name] as any)(context, ...args),
      logError,
    );

/** `window.WhopCheckout`: `mount`, and each helper of loader-api.js by name (through `later`). */
const WhopCheckout = { mount: mountHere } as { mount: Mount } & {
  [Name in HelperName]: Api.WithContext<(typeof Api)[Name]>;
};
// Every helper, checked against loader-api.js's exports.
for (const name in {
  open: 0,
  submit: 0,
  getEmail: 0,
  setEmail: 0,
  getAddress: 0,
  setAddress: 0,
} satisfies Record<HelperName, 0>) {
  // biome-ignore lint/suspicious/noExplicitAny: each helper is typed on WhopCheckout above.
  (WhopCheckout as any)[name] = later(name as HelperName);
}

// One global namespace. A second copy of the script finds it taken and does nothing more.
const host = window as unknown as Record<string, unknown>;
if (!host.WhopCheckout) {
  host.WhopCheckout = WhopCheckout;
  observer = new MutationObserver(scan);
  observer.observe(document, { childList: true, subtree: true });
  // The document so far, as if just added.
  mountWithin([document.documentElement]);
}

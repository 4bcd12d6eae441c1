// The entry of loader.js (an IIFE; it exports nothing): the `window.WhopCheckout` namespace,
// the scan of `data-whop-checkout-*` elements, and the lazy load of loader-api.js.
import type * as Api from "./api.ts";
import { PREFIX, SEEN, SELECTOR, settingsOf, THEME } from "./attributes.ts";
import { logError } from "./log.ts";
import { type EmbedOptions, embeds, forget, type Mount, mount } from "./mount.ts";

// The checkout origin is where this script came from; readable only while it executes.
const script = document.currentScript as HTMLScriptElement | null;
const checkoutOrigin = script?.src ? new URL(script.src).origin : "";

/**
 * Watches the path from `element` up to the document, so that the element's removal, by
 * whichever ancestor, reaches `scan`. Only these nodes' own child lists are observed: the
 * page's other changes (a feed of 10,000 items) make no mutation record at all.
 */
function watchPath(element: Node): void {
  for (let node = element.parentNode; node; node = node.parentNode) {
    observer.observe(node, { childList: true });
  }
}

/**
 * Mounts `element` if it is a container not mounted yet, and watches its attributes and its
 * path. Mounting reads what the page wrote, so no error of it escapes into the page.
 *
 * Each in a task of its own: creating the iframe is most of a mount's cost (the browser's own
 * work, tens of milliseconds on a busy machine), and a page with many containers would spend it
 * all in one long task that the buyer's input and the page's rendering must wait for. A
 * container removed before its turn is left alone (nothing to mount, no silence to report).
 */
function found(element: HTMLElement): void {
  setTimeout(() => {
    try {
      if (element.isConnected && element.matches(SELECTOR) && !embeds.has(element)) {
        // Each container's own attributes only: the page's other attribute changes never
        // reach this code.
        observer.observe(element, { attributes: true });
        mountHere(element, settingsOf(element) as EmbedOptions) || embeds.set(element, null);
      } else watchPath(element);
    } catch (error) {
      logError(error);
    }
  });
}

/**
 * Brings the embeds in line with the document: a theme change reaches the live checkout, any
 * other change of a `data-whop-checkout-*` attribute mounts it afresh, removed ones are
 * released. (Added containers are pointed out by the browser: see the end of this file.)
 */
function scan(records: MutationRecord[]): void {
  for (const { target, attributeName } of records) {
    if (!attributeName?.startsWith(PREFIX)) continue;
    const element = target as HTMLElement;
    const handle = embeds.get(element);
    // The checkout checks the theme, as it does at mount (null: removed, the default).
    if (handle && attributeName === THEME) {
      handle.send("theme", { theme: element.getAttribute(THEME) });
    } else {
      forget(element);
      found(element);
    }
  }
  for (const element of embeds.keys()) if (!element.isConnected) forget(element);
}

/** The one observer: each container's attributes, and the child lists on its path. */
let observer: MutationObserver;

/** `mount`, with this script's origin as the checkout origin unless the options name one. */
const mountHere: Mount = (element, options) => {
  // A container mounted by the page's own call is released on removal like any other.
  watchPath(element);
  // What went wrong is put in words by loader-api.js, imported then.
  return mount(element, options, checkoutOrigin, later("explain"));
};

/** What the helpers of loader-api.js work on. */
const context: Api.Context = { embeds, mount: mountHere };

type HelperName = keyof typeof Api;
/** The helpers a page calls; loader.js itself calls the others. */
type PageHelper = Exclude<HelperName, "explain">;
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
  [Name in PageHelper]: Api.WithContext<(typeof Api)[Name]>;
};
// Every helper, checked against loader-api.js's exports.
for (const name in {
  open: 0,
  submit: 0,
  getEmail: 0,
  setEmail: 0,
  getAddress: 0,
  setAddress: 0,
} satisfies Record<PageHelper, 0>) {
  // biome-ignore lint/suspicious/noExplicitAny: each helper is typed on WhopCheckout above.
  (WhopCheckout as any)[name] = later(name as PageHelper);
}

// One global namespace. A second copy of the script finds it taken and does nothing more.
const host = window as unknown as Record<string, unknown>;
if (!host.WhopCheckout) {
  host.WhopCheckout = WhopCheckout;
  observer = new MutationObserver(scan);
  // Containers are found by the browser's style engine rather than by watching the whole
  // document: a constructed stylesheet (no <style>, so strict-CSP pages need no exception)
  // gives them a 1 ms animation of nothing, and its `animationstart` names each one when it is
  // rendered: added, moved, shown, or given the plan attribute. Matching one attribute
  // selector is part of the style work the browser does anyway, so a page adding 10,000 other
  // elements pays nothing for the loader (a document-wide MutationObserver made it 1.3× to
  // 2.4× slower). `!important`, so that a page's own `animation` on a container cannot hide
  // it. The animation's start and end are the loader's own: stopped at the window's capture
  // phase, so the page's listeners (a panel closing at the end of "its" animation) never see
  // them. (A cancel needs the container hidden within the animation's 1 ms: not worth bytes.)
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(`@keyframes ${SEEN}{}${SELECTOR}{animation:${SEEN} 1ms!important}`);
    document.adoptedStyleSheets.push(sheet);
    for (const phase of ["start", "end"]) {
      addEventListener(
        `animation${phase}`,
        (event) => {
          if ((event as AnimationEvent).animationName === SEEN) {
            event.stopPropagation();
            if (phase === "start") found(event.target as HTMLElement);
          }
        },
        true,
      );
    }
  } catch (error) {
    logError(error);
  }
  // The document so far, and again once parsed (a script in the head sees no body yet): hidden
  // containers included, which the style engine points out only once shown.
  const findAll = () => document.querySelectorAll<HTMLElement>(SELECTOR).forEach(found);
  findAll();
  addEventListener("DOMContentLoaded", findAll);
}

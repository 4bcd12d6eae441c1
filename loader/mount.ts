import {
  type CheckoutState,
  type CompleteDetail,
  type FrameMessage,
  type HostMessage,
  type HostMessageFields,
  MAX_HEIGHT,
  PROTOCOL_VERSION,
  type Theme,
} from "../src/protocol/index.ts";
import { MAX_UTM_KEYS, MAX_UTM_VALUE, UTM_KEY } from "../src/settings.ts";
import { IDENTITY, isSet, type Settings } from "./attributes.ts";
import { connect } from "./bridge.ts";
import { logError } from "./log.ts";

export type { EmbedEventMap } from "../src/protocol/index.ts";

/**
 * What went wrong at `element`, with what its sentence names:
 * - `id`: option `name` holds `value`, not an id of its shape; nothing was mounted.
 * - `callback`: callback option `name` holds `value`, which names no global function.
 * - `redirect`: the purchase's redirect URL `name` is not http(s).
 * - `silent`: the checkout has not said hello in `HELLO_TIMEOUT` (see explain.ts).
 */
export type Problem = "id" | "callback" | "redirect" | "silent";

/** How a problem is reported: loader-api.js puts it in words (explain.ts). */
export type Explain = (
  problem: Problem,
  element: HTMLElement,
  name?: string,
  value?: unknown,
) => void;

/**
 * Options of `mount()`: the attributes' names in camelCase. Callbacks may be functions or, as
 * in the attributes, names of global functions. Strings and `true` travel to the checkout
 * exactly as the attributes do.
 */
export interface EmbedOptions {
  planId?: string;
  sessionId?: string;
  /** Alias of `sessionId`. */
  session?: string;
  theme?: Theme;
  /** Hex colour, e.g. "#ff6243". */
  themeAccentColor?: string;
  /** BCP 47 tag, e.g. "pt-BR". */
  locale?: string;
  prefillEmail?: string;
  prefillName?: string;
  hidePrice?: boolean;
  hideSubmitButton?: boolean;
  hideTos?: boolean;
  /** Do not navigate after a purchase; the page handles `whop-checkout:complete` itself. */
  skipRedirect?: boolean;
  /** Where to send the buyer after a purchase instead of the platform's redirect setting. */
  returnUrl?: string;
  affiliateCode?: string;
  onComplete?: string | ((planId: string, receiptId: string, detail: CompleteDetail) => void);
  onStateChange?: string | ((state: CheckoutState) => void);
  /** Names the embed for `submit`, `getEmail` and `setEmail`. */
  identifier?: string;
  /** Do not forward the page's `utm_*` parameters. */
  skipUtm?: boolean;
  /** Checkout origin; loader.js defaults it to the origin it was served from. */
  origin?: string;
}

export interface EmbedHandle {
  readonly element: HTMLElement;
  readonly iframe: HTMLIFrameElement;
  /** The settings it was mounted with, by option name (e.g. "identifier"). */
  readonly settings: Settings;
  /** Sends a message to the checkout over the private channel. */
  send<Type extends HostMessage["type"]>(type: Type, fields?: HostMessageFields<Type>): void;
  /** Removes the iframe, releases its listener and port, then runs `onUnmount`. Safe to call twice. */
  unmount(): void;
  /**
   * Called once, when the embed is unmounted, then dropped (a pending `getEmail` settles with
   * null). A callback no longer needed takes itself out.
   */
  readonly onUnmount: (() => void)[];
}

/** `mount` with the default origin given: what the programmatic helpers mount with. */
export type Mount = (element: HTMLElement, options: EmbedOptions) => EmbedHandle | null;

/**
 * Every embed on the page by container, whether from attributes or from `mount()`; null for
 * an element whose attributes were rejected (so it is not reported again on every change).
 */
export const embeds = new Map<HTMLElement, EmbedHandle | null>();

/**
 * The iframe's height until the checkout reports its own: the form's (with its submit button, no
 * trial line), which the checkout's skeleton also takes, so the page does not shift.
 */
export const RESERVED_HEIGHT = 708;

/**
 * Properties (reflecting attributes) of every checkout iframe. Checked with `satisfies` rather
 * than declared, so that Object.assign keeps the iframe's own property types.
 */
const IFRAME = {
  // No allow-top-navigation: only the loader navigates the page, after checking the URL.
  sandbox:
    "allow-scripts allow-forms allow-same-origin allow-popups allow-popups-to-escape-sandbox",
  title: "Checkout",
  // Presentational attributes rather than inline styles, so strict-CSP pages need no exception.
  width: "100%",
  height: `${RESERVED_HEIGHT}`,
  frameBorder: "0",
  // No `scrolling`: the checkout's body never scrolls (its stylesheet says so) and the iframe
  // follows its height.
  // Loaded unseen, beside the fallback content, until the checkout says hello (see bridge.ts).
  hidden: true as boolean,
} satisfies Partial<Record<keyof HTMLIFrameElement, string | boolean>>;

/** How long a checkout may take to say hello before the loader asks why (see explain.ts). */
const HELLO_TIMEOUT = 4000;

/**
 * Mounts one checkout iframe in `element` with `settings`; the element's children (fallback
 * content) give way to it when it says hello. The caller has released any earlier embed there.
 *
 * A malformed plan or session id is reported and mounts nothing (null); with neither, the
 * checkout says there is nothing to sell, and the console says why. Every other setting travels
 * to the checkout as a query parameter of the same (option) name, unchanged: the checkout origin
 * checks them, applies its defaults to bad ones and says why in a `warning` message, which lands
 * in the console here, next to the element.
 */
function attach(
  element: HTMLElement,
  settings: Settings,
  defaultOrigin: string,
  explain: Explain,
): EmbedHandle | null {
  for (const [name, shape] of IDENTITY) {
    const value = settings[name];
    if (value != null && !shape.test(value as string)) {
      explain("id", element, name, value);
      return null;
    }
  }
  const query = new URLSearchParams();
  for (const name in settings) {
    const value = settings[name];
    // A flag set by option reads "true"; a flag attribute is set whatever its value.
    if (typeof value === "string" || value === true) query.set(name, value as string);
  }
  // The page's utm_* parameters, cut to what the checkout origin keeps: a long one would make
  // the iframe's URL too long to load.
  let utmKeys = 0;
  if (!isSet(settings.skipUtm)) {
    for (const [key, value] of new URLSearchParams(location.search)) {
      if (UTM_KEY.test(key) && utmKeys++ < MAX_UTM_KEYS)
        query.set(key, value.slice(0, MAX_UTM_VALUE));
    }
  }
  // Unguessable channel id (128 random bits, as comma-separated numbers); getRandomValues
  // works on plain-http pages too, unlike randomUUID. The page's own origin is where the
  // checkout says hello.
  const channel = `${crypto.getRandomValues(new Uint32Array(4))}`;
  query.set("origin", location.origin);

  const checkoutOrigin = (settings.origin as string) || defaultOrigin;
  // The channel id travels in the fragment, which never leaves the browser: the page's URL is
  // then the same for every buyer of this embed, so the checkout origin can answer it from
  // memory, and the id is in no server's or proxy's log.
  const iframe = Object.assign(document.createElement("iframe"), IFRAME, {
    src: `${checkoutOrigin}/embed/checkout?${query}#${channel}`,
  });

  /**
   * Calls an `on*` callback: a function, or a global function's name. It runs last in its
   * message's handling, so an exception of its own (reported by the browser like any other of
   * the page's) stops nothing of ours.
   */
  const call = (name: string, ...args: unknown[]) => {
    const callback = settings[name];
    // A function is no global's name (`window[fn]` is undefined), so it is taken as it is.
    const fn = (window as unknown as Record<string, unknown>)[callback as string] || callback;
    if (typeof fn === "function") fn(...args);
    else if (callback) explain("callback", element, name, callback);
  };

  const bridge = connect(
    iframe,
    checkoutOrigin,
    channel,
    ({ v: _version, type, ...detail }: FrameMessage) => {
      // The event's detail is the message's own fields, whichever message this is.
      const { height, state, plan_id, receipt_id, redirect_url } = detail as {
        height?: number;
        state?: CheckoutState;
      } & Partial<CompleteDetail>;
      if (type === "warning") return logError((detail as { message: string }).message, element);
      // Capped: a runaway height would push the rest of the page out of reach.
      if (height) iframe.height = `${Math.min(height, MAX_HEIGHT)}`;
      const complete = type === "complete";
      const proceed = element.dispatchEvent(
        new CustomEvent(`whop-checkout:${type}`, { bubbles: true, cancelable: complete, detail }),
      );
      if (state) call("onStateChange", state);
      if (!complete) return;
      // The platform resolved the URL (return-url, else its redirect setting) and put the
      // purchase in its query; only http(s) is followed, never e.g. `javascript:`. The new
      // page loads only after this handler returns, so `onComplete` still runs on this one. A
      // malformed URL makes `assign` throw: reported like a wrong scheme, never thrown.
      if (proceed && !isSet(settings.skipRedirect) && redirect_url) {
        try {
          if (!/^https?:/i.test(redirect_url)) throw 0;
          location.assign(redirect_url);
        } catch {
          explain("redirect", element, redirect_url);
        }
      }
      call("onComplete", plan_id, receipt_id, detail);
    },
  );
  // Unseen (hidden), before the fallback content, which stays in view until the checkout says
  // hello, and for good if it never can.
  element.prepend(iframe);
  // A hello this late most likely means that the page's origin may not frame the checkout.
  setTimeout(() => iframe.hidden && explain("silent", element), HELLO_TIMEOUT);

  const handle: EmbedHandle = {
    element,
    iframe,
    settings,
    send: (type, fields) => bridge.send({ v: PROTOCOL_VERSION, type, ...fields } as HostMessage),
    unmount() {
      embeds.delete(element);
      bridge.disconnect();
      iframe.remove();
      for (const callback of handle.onUnmount.splice(0)) callback();
    },
    onUnmount: [],
  };
  embeds.set(element, handle);
  return handle;
}

/** Releases the embed of `element`, if any, and forgets it (so it may be mounted afresh). */
export function forget(element: HTMLElement): void {
  embeds.get(element)?.unmount();
  embeds.delete(element);
}

/**
 * Mounts a checkout in `element` (which must be in the document: a removed container is
 * released like any other), in place of any earlier one, with options named like the
 * attributes, in camelCase. Without an `origin` option, the checkout origin is
 * `defaultOrigin`: loader.js passes the origin it was served from. Problems go to `explain`,
 * which puts them in words (loader.js passes loader-api.js's, imported only then).
 */
export function mount(
  element: HTMLElement,
  options: EmbedOptions,
  defaultOrigin: string,
  explain: Explain,
): EmbedHandle | null {
  forget(element);
  return attach(element, options as Settings, defaultOrigin, explain);
}

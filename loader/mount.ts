import type {
  CheckoutState,
  CompleteDetail,
  FrameMessage,
  HostMessage,
  Theme,
} from "../src/protocol.ts";
import { optionName, Problem, RULES } from "./attributes.ts";
import { connect } from "./bridge.ts";
import { later, scriptOrigin } from "./log.ts";

/**
 * Options of `mount()`: the attributes' names in camelCase. Callbacks may be functions or, as
 * in the attributes, names of global functions.
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
  /** Checkout origin; defaults to the origin `loader.js` was served from. */
  origin?: string;
}

export interface EmbedHandle {
  readonly element: HTMLElement;
  readonly iframe: HTMLIFrameElement;
  /** Reads a setting by attribute name (e.g. "return-url"): the live attribute or the option. */
  read(name: string): unknown;
  /** Sends a message to the checkout over the private channel. */
  send(type: HostMessage["type"], fields?: object): void;
  /** Removes the iframe and releases its listener and port. Safe to call twice. */
  unmount(): void;
}

/** Detail types of the DOM events dispatched on the container (all bubble). */
export interface EmbedEventMap {
  "whop-checkout:ready": Record<string, never>;
  "whop-checkout:resize": { height: number };
  "whop-checkout:state": { state: CheckoutState };
  /** Cancelable: `preventDefault()` keeps the buyer on the page. */
  "whop-checkout:complete": CompleteDetail;
  "whop-checkout:error": { code: string; message: string };
  /** The checkout's answer to `getEmail()`. */
  "whop-checkout:email": { id: number; email: string };
}

/**
 * Every embed on the page by container, whether from attributes or from `mount()`; null for
 * an element whose attributes were rejected (so it is not reported again on every change).
 */
export const embeds = new Map<HTMLElement, EmbedHandle | null>();

/** Attributes of every checkout iframe. */
const IFRAME_ATTRIBUTES: Record<string, string> = {
  // No allow-top-navigation: only the loader navigates the page, after checking the URL.
  sandbox:
    "allow-scripts allow-forms allow-same-origin allow-popups allow-popups-to-escape-sandbox",
  title: "Checkout",
  // Presentational attributes rather than inline styles, so strict-CSP pages need no exception.
  width: "100%",
  // Reserved until the checkout reports its height (close to the form's), so nothing jumps.
  height: "540",
  frameborder: "0",
  scrolling: "no",
};

type Values = Record<string, unknown>;

/** Whether a flag (`skip-utm`, `skip-redirect`) is set: a present attribute, or `true`. */
export const isSet = (value: unknown) => value != null && value !== false;

/**
 * Mounts one checkout iframe in `element` from `read(attribute name)` (attributes or
 * options), replacing the element's children (fallback content). The caller has released
 * any earlier embed there.
 * Every value is checked against the attribute table: a bad optional value is reported and
 * dropped (the default applies); a bad or missing plan or session id is reported and nothing
 * is mounted (null).
 */
export function attach(element: HTMLElement, read: (name: string) => unknown): EmbedHandle | null {
  // Unguessable channel id (128 random bits, as comma-separated numbers); getRandomValues
  // works on plain-http pages too, unlike randomUUID.
  const channel = `${crypto.getRandomValues(new Uint32Array(4))}`;
  // The page's own origin: where the checkout says hello.
  const query = new URLSearchParams({ channel, origin: location.origin });
  for (const [index, [name, param, check]] of RULES.entries()) {
    const value = (read(name) ?? (index === 2 && !query.has("session") ? "" : null)) as string;
    if (!isSet(value)) continue;
    if (!check || check.test(value)) {
      // The accent travels as bare hex digits ("#ff6243" → "ff6243").
      query.set(param || name, check ? (param === "accent" ? value.slice(-6) : value) : "1");
    } else {
      later("explain", element, name, value, index < 3 ? Problem.BadIdentity : Problem.BadValue);
      if (index < 3) return null;
    }
  }
  if (!isSet(read("skip-utm"))) {
    for (const [key, value] of new URLSearchParams(location.search)) {
      if (key.startsWith("utm_")) query.set(key, value);
    }
  }

  const checkoutOrigin = (read("origin") as string) || scriptOrigin;
  const iframe = document.createElement("iframe");
  for (const name in IFRAME_ATTRIBUTES) iframe.setAttribute(name, IFRAME_ATTRIBUTES[name]!);
  iframe.src = `${checkoutOrigin}/embed/checkout?${query}`;

  const bridge = connect(
    iframe,
    checkoutOrigin,
    channel,
    ({ v: _version, type, ...data }: FrameMessage) => {
      // The fields of whichever message this is; the event's detail is the message's own.
      const {
        height,
        state,
        detail = data,
      } = data as {
        height?: number;
        state?: CheckoutState;
        detail?: CompleteDetail;
      };
      if (height) iframe.height = `${height}`;
      // What follows a purchase is loaded while the payment is processing.
      if (state && (read("on-state-change") || state === "processing")) {
        later("state", handle, state);
      }
      const complete = type === "complete";
      const proceed = element.dispatchEvent(
        new CustomEvent(`whop-checkout:${type}`, { bubbles: true, cancelable: complete, detail }),
      );
      if (complete) later("complete", handle, detail as CompleteDetail, proceed);
    },
  );
  element.replaceChildren(iframe);

  const handle: EmbedHandle = {
    element,
    iframe,
    read,
    send: (type, fields) => bridge.send({ v: 1, type, ...fields }),
    unmount() {
      embeds.delete(element);
      bridge.disconnect();
      iframe.remove();
    },
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
 * attributes, in camelCase.
 */
export const mount = (element: HTMLElement, options: EmbedOptions): EmbedHandle | null => {
  forget(element);
  return attach(element, (name) => (options as Values)[optionName(name)]);
};

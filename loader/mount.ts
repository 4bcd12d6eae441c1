import {
  type CheckoutState,
  type CompleteDetail,
  type FrameMessage,
  PROTOCOL_VERSION,
  type Theme,
} from "../src/protocol.ts";
import { connect } from "./bridge.ts";
import { logError } from "./log.ts";

export interface EmbedOptions {
  planId: string;
  sessionId?: string | null;
  theme?: Theme;
  /** Checkout origin; defaults to the origin `loader.js` was served from. */
  origin?: string;
  /** Do not navigate after a purchase; the page handles `whop-checkout:complete` itself. */
  skipRedirect?: boolean;
}

export interface EmbedHandle {
  readonly element: HTMLElement;
  readonly iframe: HTMLIFrameElement;
  setTheme(theme: Theme): void;
  unmount(): void;
}

/** Detail types of the DOM events dispatched on the container (all bubble). */
export interface EmbedEventMap {
  "whop-checkout:ready": Record<string, never>;
  "whop-checkout:resize": { height: number };
  "whop-checkout:state": { state: CheckoutState };
  "whop-checkout:complete": CompleteDetail;
  "whop-checkout:error": { code: string; message: string };
}

/** The height reserved before the checkout reports its own (close to the form's height). */
export const RESERVED_HEIGHT = "540";

// The checkout origin is where this script came from; read while the script is executing.
const script = document.currentScript as HTMLScriptElement | null;
const scriptOrigin = script?.src ? new URL(script.src).origin : "";

// Unguessable channel id; getRandomValues works on plain-http pages too, unlike randomUUID.
const randomId = () => crypto.getRandomValues(new Uint32Array(4)).join("");

/** Attributes of every checkout iframe. */
const IFRAME_ATTRIBUTES: Record<string, string> = {
  // No allow-top-navigation: only this loader navigates the page, after checking the URL.
  sandbox:
    "allow-scripts allow-forms allow-same-origin allow-popups allow-popups-to-escape-sandbox",
  allow: "payment",
  title: "Checkout",
  // Presentational attributes rather than inline styles, so strict-CSP pages need no exception.
  width: "100%",
  height: RESERVED_HEIGHT,
  frameborder: "0",
  scrolling: "no",
};

function emit(element: HTMLElement, name: string, detail: unknown, cancelable = false): boolean {
  return element.dispatchEvent(new CustomEvent(name, { bubbles: true, cancelable, detail }));
}

/** Sends the top page to the resolved redirect URL, with the purchase in its query. */
export function redirectAfterPurchase(detail: CompleteDetail, target: string | null): void {
  if (!target) return;
  let url: URL | undefined;
  try {
    url = new URL(target, location.href);
  } catch {}
  if (!url || !/^https?:$/.test(url.protocol)) {
    logError(`Refusing to redirect to "${target}": only http(s) URLs are followed.`);
    return;
  }
  for (const key of ["status", "receipt_id", "plan_id", "session_id"] as const) {
    if (detail[key]) url.searchParams.set(key, detail[key]);
  }
  location.assign(url.href);
}

/**
 * Mounts one checkout iframe in `element`, replacing its children (fallback content), and
 * returns a handle that releases everything it created.
 */
export function mount(element: HTMLElement, options: EmbedOptions): EmbedHandle {
  const origin = options.origin || scriptOrigin;
  const channel = randomId();
  const query = new URLSearchParams({
    plan: options.planId,
    theme: options.theme || "system",
    channel,
    origin: location.origin,
  });
  if (options.sessionId) query.set("session", options.sessionId);

  const iframe = document.createElement("iframe");
  for (const name in IFRAME_ATTRIBUTES) iframe.setAttribute(name, IFRAME_ATTRIBUTES[name]!);
  iframe.src = `${origin}/embed/checkout?${query}`;

  const onMessage = ({ v: _version, type, ...data }: FrameMessage) => {
    if (type === "resize")
      iframe.setAttribute("height", String((data as { height: number }).height));
    if (type !== "complete") {
      emit(element, `whop-checkout:${type}`, data);
      return;
    }
    const detail = (data as { detail: CompleteDetail }).detail;
    const proceed = emit(element, "whop-checkout:complete", detail, true);
    if (proceed && !options.skipRedirect) redirectAfterPurchase(detail, detail.redirect_url);
  };

  const bridge = connect(iframe, origin, channel, onMessage);
  element.replaceChildren(iframe);

  return {
    element,
    iframe,
    setTheme(theme) {
      bridge.send({ v: PROTOCOL_VERSION, type: "theme", theme });
    },
    unmount() {
      bridge.disconnect();
      iframe.remove();
    },
  };
}

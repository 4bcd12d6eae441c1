import { expect, vi } from "vitest";
import { SEEN, SELECTOR } from "../../../loader/attributes.ts";
import type { EmbedHandle, EmbedOptions, Mount } from "../../../loader/mount.ts";

/**
 * Loads a fresh copy of the loader, as a <script> tag would, and returns its internals, with a
 * `mount` that puts problems in words as loader.js does (the sentences of loader-api.js),
 * from `defaultOrigin` unless the options name an origin.
 */
export async function loadLoader() {
  vi.resetModules();
  await import("../../../loader/index.ts");
  // The containers it found mount in tasks of their own.
  await tick();
  const internals = await import("../../../loader/mount.ts");
  const { explain } = await import("../../../loader/api.ts");
  const mount = (element: HTMLElement, options: EmbedOptions, defaultOrigin = "") =>
    internals.mount(element, options, defaultOrigin, (...problem) => explain(context, ...problem));
  const context = { embeds: internals.embeds, mount: mount satisfies Mount };
  return { ...internals, mount };
}

/**
 * Resolves once what the page's last change set off has run: the loader's observer callback (a
 * microtask) and the mount it queues (a task), and tasks queued before it.
 */
export const tick = () => new Promise((resolve) => setTimeout(() => setTimeout(resolve, 0), 0));

/** The iframe's query parameters. */
export const paramsOf = (frame: HTMLIFrameElement | null) =>
  Object.fromEntries(new URL(frame!.src).searchParams);

/** The channel id the loader gave `frame`: its URL's fragment, which no server sees. */
export const channelOf = (frame: HTMLIFrameElement) => new URL(frame.src).hash.slice(1);

/** A container element with `data-whop-checkout-*` attributes. */
export function container(attributes: Record<string, string>, id = ""): HTMLDivElement {
  const div = document.createElement("div");
  if (id) div.id = id;
  for (const [name, value] of Object.entries(attributes)) {
    div.setAttribute(`data-whop-checkout-${name}`, value);
  }
  return div;
}

type ConsoleSpy = { mock: { calls: unknown[][] } };

/** The arguments of each console error written with the loader's prefix, after the prefix. */
export const loaderErrorCalls = (spy: ConsoleSpy): unknown[][] =>
  spy.mock.calls.filter(([prefix]) => prefix === "[whop-checkout]").map(([, ...rest]) => rest);

/** Console errors written with the loader's prefix, as plain text. */
export const loaderErrors = (spy: ConsoleSpy): string[] =>
  loaderErrorCalls(spy).map(([text]) => String(text));

// Browsers expose window's removeEventListener as a global, which the loader uses; the test
// environment's global scope lacks it, so it delegates to window (where tests spy).
if (typeof (globalThis as Record<string, unknown>).removeEventListener !== "function") {
  (globalThis as Record<string, unknown>).removeEventListener = (
    ...args: Parameters<typeof window.removeEventListener>
  ) => window.removeEventListener(...args);
}

// Browsers list every data-* attribute in `dataset`, empty ones (flags such as
// `data-whop-checkout-hide-tos`) too; the test environment leaves out the empty ones when the
// loader enumerates them, so each element's dataset is wrapped to list them as browsers do.
const nativeDataset = Object.getOwnPropertyDescriptor(window.HTMLElement.prototype, "dataset")!;
const datasets = new WeakMap<HTMLElement, DOMStringMap>();
Object.defineProperty(window.HTMLElement.prototype, "dataset", {
  ...nativeDataset,
  get(this: HTMLElement) {
    let dataset = datasets.get(this);
    if (!dataset) {
      dataset = new Proxy(nativeDataset.get!.call(this) as DOMStringMap, {
        getOwnPropertyDescriptor(target, property) {
          const value = Reflect.get(target, property);
          if (typeof value !== "string") return undefined;
          return { value, writable: true, enumerable: true, configurable: true };
        },
      });
      datasets.set(this, dataset);
    }
    return dataset;
  },
});

/** Every MutationObserver created since the page was last reset (loaders install them). */
export const observers: MutationObserver[] = [];
const NativeObserver = window.MutationObserver;
window.MutationObserver = class extends NativeObserver {
  constructor(callback: MutationCallback) {
    super(callback);
    observers.push(this);
  }
};

/** Window listeners of the `animation*` events since the page was last reset (loaders add them). */
const animationListeners: [string, EventListenerOrEventListenerObject, boolean][] = [];
const nativeAddListener = window.addEventListener;
window.addEventListener = function (this: Window, ...args: Parameters<Window["addEventListener"]>) {
  const [type, listener, options] = args;
  if (type.startsWith("animation") && listener) {
    animationListeners.push([type, listener, options === true]);
  }
  return nativeAddListener.apply(this, args);
} as Window["addEventListener"];

/**
 * What the browser's style engine does when it renders `node`: the loader's stylesheet gives
 * every container an animation, whose start is announced at each container in the subtree.
 * (The test environment renders nothing; Playwright covers the real thing.)
 */
export async function rendered(node: Element): Promise<void> {
  const containers = [node, ...node.querySelectorAll("*")].filter((element) =>
    element.matches(SELECTOR),
  );
  for (const element of containers) {
    for (const type of ["animationstart", "animationend"]) {
      element.dispatchEvent(new AnimationEvent(type, { animationName: SEEN, bubbles: true }));
    }
  }
  // Each container found mounts in a task of its own.
  await tick();
}

/** A blank page with no loader: earlier copies of the loader stop watching the document. */
export const resetPage = () => {
  for (const observer of observers.splice(0)) observer.disconnect();
  for (const [type, listener, capture] of animationListeners.splice(0)) {
    window.removeEventListener(type, listener, capture);
  }
  document.adoptedStyleSheets = [];
  document.body.innerHTML = "";
  delete (window as unknown as { WhopCheckout?: unknown }).WhopCheckout;
  history.replaceState(null, "", "/");
};

/** The checkout origin the tests mount from. */
export const CHECKOUT = "https://checkout.example";

/** A `complete` message's fields, and the detail of its event. */
export const purchase = {
  status: "success",
  plan_id: "plan_abc",
  receipt_id: "r_abc123",
  session_id: null,
  // Composed by the platform: the return URL with the purchase in its query.
  redirect_url: "https://shop.example/thanks?status=success&receipt_id=r_abc123&plan_id=plan_abc",
  amount: 4900,
  currency: "usd",
  promo_code: null,
};

const EVENT_TYPES = [
  "ready",
  "resize",
  "state",
  "complete",
  "error",
  "email",
  "warning",
  "promo-code-changed",
  "email-captured",
  // Never dispatched: the loader holds it for the checkout.
  "keep",
];

/**
 * Plays the iframe's side of the handshake for `handle`: returns its end of the port, what
 * arrived on it, the events dispatched since, and `post` (a message, then two ticks).
 */
export function handshake(handle: EmbedHandle) {
  const frame = handle.iframe.contentWindow!;
  const posted = vi.spyOn(frame, "postMessage").mockImplementation(() => {});
  const channel = channelOf(handle.iframe);
  const hello = (init: MessageEventInit) =>
    window.dispatchEvent(
      new MessageEvent("message", {
        source: frame,
        origin: CHECKOUT,
        data: { type: "whop-checkout:hello", channel },
        ...init,
      }),
    );
  hello({});
  expect(posted).toHaveBeenCalledTimes(1);
  const [message, targetOrigin, transfer] = posted.mock.calls[0] as unknown as [
    unknown,
    string,
    MessagePort[],
  ];
  expect(message).toEqual({ type: "whop-checkout:connect", channel });
  expect(targetOrigin).toBe(CHECKOUT);
  const port = transfer[0]!;
  const received: Record<string, unknown>[] = [];
  port.onmessage = (event) => received.push(event.data);
  const events: CustomEvent[] = [];
  for (const type of EVENT_TYPES) {
    document.addEventListener(`whop-checkout:${type}`, (event) => {
      events.push(event as CustomEvent);
    });
  }
  const post = async (data: unknown) => {
    port.postMessage(data);
    await tick();
    await tick();
  };
  return { handle, element: handle.element, port, posted, hello, post, events, received };
}

/** Loads the loader, mounts a checkout with `options` and connects it. */
export async function connected(options: Record<string, unknown> = {}) {
  const { mount, embeds } = await loadLoader();
  const element = document.body.appendChild(document.createElement("div"));
  const handle = mount(element, { planId: "plan_abc", origin: CHECKOUT, ...options })!;
  return { ...handshake(handle), embeds };
}

/** Loads the loader, which mounts a checkout from `data-whop-checkout-*` attributes; connects it. */
export async function connectedFromAttributes(attributes: Record<string, string>) {
  const element = container({ "plan-id": "plan_abc", origin: CHECKOUT, ...attributes });
  document.body.append(element);
  const { embeds } = await loadLoader();
  return { ...handshake(embeds.get(element)!), embeds };
}

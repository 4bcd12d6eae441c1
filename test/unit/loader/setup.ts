import { vi } from "vitest";
import type * as Mount from "../../../loader/mount.ts";

/**
 * The loader fetches its on-demand helpers from the checkout origin; unit tests have none, so
 * `later` runs the helpers from the sources instead (each test file mocks log.ts with this).
 */
export async function logWithLocalHelpers(
  importOriginal: () => Promise<typeof import("../../../loader/log.ts")>,
) {
  const actual = await importOriginal();
  return {
    ...actual,
    later: (name: string, ...args: unknown[]) =>
      import("../../../loader/api.ts").then((helpers) =>
        (helpers as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!(...args),
      ),
  };
}

/** Loads a fresh copy of the loader, as a <script> tag would, and returns its internals. */
export async function loadLoader(): Promise<typeof Mount> {
  vi.resetModules();
  await import("../../../loader/index.ts");
  return import("../../../loader/mount.ts");
}

export const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** The iframe's query parameters. */
export const paramsOf = (frame: HTMLIFrameElement | null) =>
  Object.fromEntries(new URL(frame!.src).searchParams);

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

/** A blank page with no loader: earlier copies of the loader stop watching the document. */
export const resetPage = () => {
  for (const observer of observers.splice(0)) observer.disconnect();
  document.body.innerHTML = "";
  delete (window as unknown as { WhopCheckout?: unknown }).WhopCheckout;
  history.replaceState(null, "", "/");
};

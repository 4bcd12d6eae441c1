import type { CheckoutState, CompleteDetail } from "../src/protocol.ts";
import { Problem } from "./attributes.ts";
import { explain } from "./explain.ts";
import { type EmbedHandle, isSet } from "./mount.ts";

/** Calls a callback option (a function, or a global function's name) if one is set. */
function call(handle: EmbedHandle, name: "on-complete" | "on-state-change", ...args: unknown[]) {
  const callback = handle.read(name);
  const fn =
    typeof callback === "string"
      ? (window as unknown as Record<string, unknown>)[callback]
      : callback;
  if (typeof fn === "function") fn(...args);
  else if (callback) explain(handle.element, name, callback, Problem.NotAFunction);
}

/** The checkout's state changed: tells `on-state-change`. */
export function stateChanged(handle: EmbedHandle, state: CheckoutState): void {
  call(handle, "on-state-change", state);
}

/**
 * A purchase completed (the `whop-checkout:complete` event has been dispatched): tells
 * `on-complete`, then, unless the event was cancelled or redirects are skipped, sends the page
 * to `return-url` or else the redirect URL the platform resolved, with the purchase in its
 * query. Only http(s) URLs are followed.
 */
export function completed(handle: EmbedHandle, detail: CompleteDetail, proceed: boolean): void {
  call(handle, "on-complete", detail.plan_id, detail.receipt_id, detail);
  if (!proceed || isSet(handle.read("skip-redirect"))) return;
  // A return URL that is not http(s) is reported and the platform's redirect applies instead.
  const returnUrl = handle.read("return-url") as string | undefined;
  const url =
    (returnUrl && toHttpUrl(handle, "return-url", returnUrl)) ||
    (detail.redirect_url && toHttpUrl(handle, "", detail.redirect_url));
  if (!url) return;
  for (const key of ["status", "receipt_id", "plan_id", "session_id"] as const) {
    if (detail[key]) url.searchParams.set(key, detail[key]);
  }
  location.assign(url.href);
}

/** `target` as an http(s) URL, or null with a console error (e.g. for a `javascript:` URL). */
function toHttpUrl(handle: EmbedHandle, name: string, target: string): URL | null {
  let url: URL | undefined;
  try {
    url = new URL(target, location.href);
  } catch {}
  if (url && /^https?:$/.test(url.protocol)) return url;
  explain(handle.element, name, target, Problem.BadRedirect);
  return null;
}

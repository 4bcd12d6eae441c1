import { vi } from "vitest";

/** The checkout origin the components are given. */
export const ORIGIN = "https://checkout.example";

/** The query parameters of the iframe in `container`, or null when there is none. */
export const iframeParams = (container: HTMLElement) => {
  const frame = container.querySelector("iframe");
  return frame ? new URL(frame.src).searchParams : null;
};

/** The detail of a `whop-checkout:complete` event. */
export const complete = {
  status: "success",
  plan_id: "plan_abc",
  receipt_id: "r_123",
  session_id: null,
  redirect_url: null,
  amount: 4900,
  currency: "usd",
  promo_code: null,
};

/** Records what the embed sends over its private channel (the bridge's MessageChannel). */
export function recordChannelMessages() {
  const posted = vi.fn();
  vi.stubGlobal(
    "MessageChannel",
    class {
      port1 = { postMessage: posted, close() {}, onmessage: null };
      port2 = {};
    },
  );
  return posted;
}

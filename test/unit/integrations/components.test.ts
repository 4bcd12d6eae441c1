import { createElement as ph, render as preactRender } from "preact";
import { act as preactAct } from "preact/test-utils";
import { act, createRef, createElement as h } from "react";
import { createRoot } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CheckoutEmbedActions } from "../../../integrations/controller.ts";
import { CheckoutEmbed as PreactCheckoutEmbed } from "../../../integrations/preact.ts";
import { CheckoutEmbed } from "../../../integrations/react.ts";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const ORIGIN = "https://checkout.example";
const iframeParams = (container: HTMLElement) => {
  const frame = container.querySelector("iframe");
  return frame ? new URL(frame.src).searchParams : null;
};
const complete = {
  status: "success",
  plan_id: "plan_abc",
  receipt_id: "r_123",
  session_id: null,
  redirect_url: null,
};

let host: HTMLElement;
beforeEach(() => {
  host = document.createElement("div");
  document.body.append(host);
});
afterEach(() => {
  host.remove();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe("React CheckoutEmbed", () => {
  it("mounts the checkout from props, routes events to callbacks and cleans up", async () => {
    const onComplete = vi.fn((_detail, event: Event) => event.preventDefault());
    const onStateChange = vi.fn();
    const onError = vi.fn();
    const root = createRoot(host);
    await act(async () => {
      root.render(
        h(CheckoutEmbed, {
          planId: "plan_abc",
          theme: "dark",
          origin: ORIGIN,
          locale: "fr",
          skipRedirect: true,
          className: "buy",
          onComplete,
          onStateChange,
          onError,
        }),
      );
    });
    const container = host.querySelector<HTMLElement>("div.buy")!;
    const frame = container.querySelector("iframe")!;
    expect(frame.src.startsWith(`${ORIGIN}/embed/checkout?`)).toBe(true);
    expect(iframeParams(container)!.get("plan")).toBe("plan_abc");
    expect(iframeParams(container)!.get("theme")).toBe("dark");
    expect(iframeParams(container)!.get("locale")).toBe("fr");

    const event = new CustomEvent("whop-checkout:complete", {
      detail: complete,
      cancelable: true,
      bubbles: true,
    });
    container.dispatchEvent(event);
    expect(onComplete).toHaveBeenCalledWith(complete, event);
    expect(event.defaultPrevented).toBe(true);
    container.dispatchEvent(
      new CustomEvent("whop-checkout:state", { detail: { state: "processing" } }),
    );
    expect(onStateChange).toHaveBeenCalledWith("processing");
    container.dispatchEvent(
      new CustomEvent("whop-checkout:error", { detail: { code: "card_declined", message: "No" } }),
    );
    expect(onError).toHaveBeenCalledWith({ code: "card_declined", message: "No" });

    await act(async () => root.unmount());
    expect(container.querySelector("iframe")).toBeNull();
  });

  it("re-themes the live checkout, remounts for a new plan, and exposes actions on the ref", async () => {
    // Records what the embed sends over its private channel.
    const posted = vi.fn();
    vi.stubGlobal(
      "MessageChannel",
      class {
        port1 = { postMessage: posted, close() {}, onmessage: null };
        port2 = {};
      },
    );
    const ref = createRef<CheckoutEmbedActions>();
    const root = createRoot(host);
    const render = (props: Record<string, unknown>) =>
      act(async () => {
        root.render(h(CheckoutEmbed, { ref, planId: "plan_abc", origin: ORIGIN, ...props }));
      });
    await render({ theme: "light" });
    const first = host.querySelector("iframe");
    await render({ theme: "dark" });
    expect(host.querySelector("iframe")).toBe(first);
    expect(posted).toHaveBeenCalledWith({ v: 1, type: "theme", theme: "dark" });

    ref.current!.submit();
    ref.current!.setEmail("buyer@example.com");
    await vi.waitFor(() => {
      expect(posted).toHaveBeenCalledWith({ v: 1, type: "submit" });
      expect(posted).toHaveBeenCalledWith({ v: 1, type: "set-email", email: "buyer@example.com" });
    });

    await render({ theme: "dark", planId: "plan_other" });
    expect(host.querySelector("iframe")).not.toBe(first);
    expect(iframeParams(host)!.get("plan")).toBe("plan_other");
    await act(async () => root.unmount());
  });
});

describe("Preact CheckoutEmbed", () => {
  it("mounts, reports completion and unmounts cleanly", async () => {
    const onComplete = vi.fn();
    await preactAct(() => {
      preactRender(
        ph(PreactCheckoutEmbed, { planId: "plan_abc", origin: ORIGIN, class: "buy", onComplete }),
        host,
      );
    });
    const container = host.querySelector<HTMLElement>("div.buy")!;
    expect(iframeParams(container)!.get("plan")).toBe("plan_abc");
    container.dispatchEvent(
      new CustomEvent("whop-checkout:complete", { detail: complete, cancelable: true }),
    );
    expect(onComplete).toHaveBeenCalledWith(complete, expect.any(CustomEvent));
    await preactAct(() => preactRender(null, host));
    expect(host.querySelector("iframe")).toBeNull();
  });
});

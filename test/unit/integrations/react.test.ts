import { act, createRef, createElement as h } from "react";
import { createRoot } from "react-dom/client";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CheckoutEmbedActions } from "../../../integrations/controller.ts";
import { CheckoutEmbed } from "../../../integrations/react.ts";
import { embeds } from "../../../loader/mount.ts";
import { complete, iframeParams, ORIGIN, recordChannelMessages } from "./support.ts";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

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
    const onReady = vi.fn();
    const root = createRoot(host);
    await act(async () => {
      root.render(
        h(CheckoutEmbed, {
          planId: "plan_abc",
          theme: "dark",
          origin: ORIGIN,
          locale: "fr",
          skipRedirect: true,
          hidePrice: false,
          className: "buy",
          onComplete,
          onStateChange,
          onError,
          onReady,
        }),
      );
    });
    const container = host.querySelector<HTMLElement>("div.buy")!;
    const frame = container.querySelector("iframe")!;
    expect(frame.src.startsWith(`${ORIGIN}/embed/checkout?`)).toBe(true);
    const params = Object.fromEntries(iframeParams(container)!);
    expect(params).toEqual({
      planId: "plan_abc",
      theme: "dark",
      locale: "fr",
      skipRedirect: "true",
      identifier: expect.stringMatching(/^embed-\d+$/),
      // The page's own origin, where the checkout says hello.
      origin: location.origin,
    });
    // The components' callbacks take the event data; the loader never calls them itself.
    expect(embeds.get(container)!.settings).toEqual({
      planId: "plan_abc",
      theme: "dark",
      origin: ORIGIN,
      locale: "fr",
      skipRedirect: true,
      hidePrice: false,
      identifier: params.identifier,
    });

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
    expect(onStateChange).toHaveBeenCalledWith("processing", expect.any(CustomEvent));
    container.dispatchEvent(
      new CustomEvent("whop-checkout:error", { detail: { code: "card_declined", message: "No" } }),
    );
    expect(onError).toHaveBeenCalledWith(
      { code: "card_declined", message: "No" },
      expect.any(CustomEvent),
    );
    container.dispatchEvent(new CustomEvent("whop-checkout:ready", { detail: {} }));
    expect(onReady).toHaveBeenCalledTimes(1);

    await act(async () => root.unmount());
    expect(container.querySelector("iframe")).toBeNull();
    expect(embeds.has(container)).toBe(false);
  });

  it("passes only the checkout's options on, whatever else the props hold", async () => {
    const root = createRoot(host);
    await act(async () => {
      root.render(
        h(CheckoutEmbed, {
          planId: "plan_abc",
          origin: ORIGIN,
          identifier: "main",
          className: "buy",
          // Not an option: never part of the checkout's URL.
          ...({ title: "Checkout", "data-test": "embed" } as Record<string, unknown>),
        }),
      );
    });
    const params = iframeParams(host.querySelector<HTMLElement>("div.buy")!)!;
    expect([...params.keys()].sort()).toEqual(["identifier", "origin", "planId"]);
    expect(params.get("identifier")).toBe("main");
    await act(async () => root.unmount());
  });

  it("re-themes the live checkout, remounts for a new plan, and exposes actions on the ref", async () => {
    const posted = recordChannelMessages();
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
    // Without a theme, the default applies.
    await render({});
    expect(posted).toHaveBeenLastCalledWith({ v: 1, type: "theme", theme: "system" });
    await render({ theme: "dark" });
    // New callbacks or a new class are not a new checkout.
    await render({ theme: "dark", className: "wide", onComplete: () => {}, onReady: () => {} });
    expect(host.querySelector("iframe")).toBe(first);

    ref.current!.submit();
    ref.current!.setEmail("buyer@example.com");
    await vi.waitFor(() => {
      expect(posted).toHaveBeenCalledWith({ v: 1, type: "submit" });
      expect(posted).toHaveBeenCalledWith({ v: 1, type: "set-email", email: "buyer@example.com" });
    });

    await render({ theme: "dark", planId: "plan_other" });
    expect(host.querySelector("iframe")).not.toBe(first);
    expect(iframeParams(host)!.get("planId")).toBe("plan_other");
    await act(async () => root.unmount());
  });

  it("settles getEmail on the ref with the answer, or with null once unmounted", async () => {
    const posted = recordChannelMessages();
    const ref = createRef<CheckoutEmbedActions>();
    const root = createRoot(host);
    await act(async () => {
      root.render(h(CheckoutEmbed, { ref, planId: "plan_abc", origin: ORIGIN, className: "buy" }));
    });
    const container = host.querySelector<HTMLElement>("div.buy")!;
    const lastRequest = () => (posted.mock.lastCall![0] as { type: string; id: number }).id;

    const answered = ref.current!.getEmail();
    expect(posted).toHaveBeenLastCalledWith({ v: 1, type: "get-email", id: expect.any(Number) });
    container.dispatchEvent(
      new CustomEvent("whop-checkout:email", {
        detail: { id: lastRequest(), email: "typed@example.com" },
      }),
    );
    await expect(answered).resolves.toBe("typed@example.com");

    const unanswered = ref.current!.getEmail();
    await act(async () => root.unmount());
    await expect(unanswered).resolves.toBeNull();
  });

  it("sets and gets the billing address through the ref; onAddressValidationError gets its detail", async () => {
    const posted = recordChannelMessages();
    const ref = createRef<CheckoutEmbedActions>();
    const refusals: unknown[] = [];
    const root = createRoot(host);
    await act(async () => {
      root.render(
        h(CheckoutEmbed, {
          ref,
          planId: "plan_abc",
          origin: ORIGIN,
          className: "buy",
          onAddressValidationError: (detail) => refusals.push(detail),
        }),
      );
    });
    const container = host.querySelector<HTMLElement>("div.buy")!;
    await ref.current!.setAddress({ line1: "1 Main St", postalCode: "62701" });
    expect(posted).toHaveBeenLastCalledWith({
      v: 1,
      type: "set-address",
      address: { line1: "1 Main St", postalCode: "62701" },
    });
    const answered = ref.current!.getAddress();
    const { id } = posted.mock.lastCall![0] as { id: number };
    expect(posted).toHaveBeenLastCalledWith({ v: 1, type: "get-address", id });
    const address = {
      name: "Ada",
      line1: "1 Main St",
      line2: "",
      city: "Springfield",
      state: "IL",
      postalCode: "62701",
      country: "US",
    };
    container.dispatchEvent(
      new CustomEvent("whop-checkout:address", { detail: { id, address, isComplete: true } }),
    );
    await expect(answered).resolves.toEqual({ address, isComplete: true });
    const refusal = {
      field: "billing_address.postal_code",
      error_code: "invalid",
      error_message: "Enter a valid postal code for United States.",
    };
    container.dispatchEvent(
      new CustomEvent("whop-checkout:address-validation-error", { detail: refusal }),
    );
    expect(refusals).toEqual([refusal]);
    await act(async () => root.unmount());
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MAX_HEIGHT } from "../../../src/protocol/index.ts";
import {
  CHECKOUT,
  connected,
  connectedFromAttributes,
  handshake,
  loaderErrorCalls,
  loadLoader,
  purchase,
  resetPage,
} from "./setup.ts";

let errors: ReturnType<typeof vi.spyOn>;
const globals = window as unknown as Record<string, unknown>;
beforeEach(() => {
  resetPage();
  errors = vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
  for (const name of ["onCheckoutState", "onCheckoutComplete", "notAFunction"])
    delete globals[name];
});

describe("a mounted checkout's messages", () => {
  it("become bubbling events whose detail is the message's fields; resize sizes the iframe", async () => {
    const { post, events, handle } = await connected();
    await post({ v: 1, type: "ready" });
    await post({ v: 1, type: "resize", height: 612 });
    await post({ v: 1, type: "state", state: "processing" });
    const totals = { amount: 3920, currency: "usd", promo_code: "LAUNCH20" };
    const declined = { code: "card_declined", message: "Declined.", ...totals };
    await post({ v: 1, type: "error", ...declined });
    const promo = { code: "LAUNCH20", total: 3920, currency: "usd" };
    await post({ v: 1, type: "promo-code-changed", ...promo });
    await post({ v: 1, type: "email-captured", email: "ana@example.com" });
    await vi.waitFor(() => expect(events).toHaveLength(6));
    expect(events.map((event) => [event.type, event.detail, event.bubbles])).toEqual([
      ["whop-checkout:ready", {}, true],
      ["whop-checkout:resize", { height: 612 }, true],
      ["whop-checkout:state", { state: "processing" }, true],
      ["whop-checkout:error", declined, true],
      ["whop-checkout:promo-code-changed", promo, true],
      ["whop-checkout:email-captured", { email: "ana@example.com" }, true],
    ]);
    expect(events.every((event) => !event.cancelable)).toBe(true);
    expect(handle.iframe.getAttribute("height")).toBe("612");
  });

  it("cap the iframe's height, however tall the checkout says it is", async () => {
    const { post, handle } = await connected();
    await post({ v: 1, type: "resize", height: 1_000_000 });
    expect(handle.iframe.getAttribute("height")).toBe(String(MAX_HEIGHT));
  });

  it("write a warning to the console next to its element, without a DOM event", async () => {
    const { post, events, element } = await connected();
    const message = 'data-whop-checkout-theme="neon" is not a theme; the default applies.';
    await post({ v: 1, type: "warning", message });
    expect(loaderErrorCalls(errors)).toEqual([[message, element]]);
    expect(errors).toHaveBeenCalledTimes(1);
    expect(events).toEqual([]);
  });
});

describe("after a purchase", () => {
  it("dispatches the event, redirects to the platform's URL as is, then calls onComplete", async () => {
    const assign = vi.spyOn(location, "assign").mockImplementation(() => {});
    const onComplete = vi.fn();
    const { post, events, element } = await connected({ onComplete });
    const listener = vi.fn();
    element.addEventListener("whop-checkout:complete", listener);
    await post({ v: 1, type: "complete", ...purchase });
    await vi.waitFor(() => expect(onComplete).toHaveBeenCalledTimes(1));
    expect(events).toHaveLength(1);
    expect(events[0]!.cancelable).toBe(true);
    expect(events[0]!.detail).toEqual(purchase);
    expect(assign.mock.calls).toEqual([[purchase.redirect_url]]);
    expect(onComplete).toHaveBeenCalledWith("plan_abc", "r_abc123", purchase);
    const order = [listener, assign, onComplete].map((spy) => spy.mock.invocationCallOrder[0]!);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(errors).not.toHaveBeenCalled();
  });

  it("follows http and https URLs in any case", async () => {
    const assign = vi.spyOn(location, "assign").mockImplementation(() => {});
    const { post } = await connected();
    for (const url of ["http://shop.example/a", "HTTPS://shop.example/b"]) {
      await post({ v: 1, type: "complete", ...purchase, redirect_url: url });
    }
    expect(assign.mock.calls).toEqual([["http://shop.example/a"], ["HTTPS://shop.example/b"]]);
  });

  it("does not redirect when complete is cancelled, redirects are skipped or there is no URL", async () => {
    const assign = vi.spyOn(location, "assign").mockImplementation(() => {});
    const onComplete = vi.fn();
    const complete = { v: 1, type: "complete", ...purchase };
    const cancelled = await connected({ onComplete });
    cancelled.element.addEventListener("whop-checkout:complete", (event) => event.preventDefault());
    await cancelled.post(complete);
    expect(onComplete).toHaveBeenCalledTimes(1);

    resetPage();
    const skipped = await connected({ onComplete, skipRedirect: true });
    await skipped.post(complete);
    expect(onComplete).toHaveBeenCalledTimes(2);

    resetPage();
    const skippedByAttribute = await connectedFromAttributes({ "skip-redirect": "" });
    await skippedByAttribute.post(complete);
    expect(skippedByAttribute.events).toHaveLength(1);

    resetPage();
    const withoutUrl = await connected({ onComplete });
    await withoutUrl.post({ ...complete, redirect_url: null });
    expect(onComplete).toHaveBeenCalledTimes(3);

    expect(assign).not.toHaveBeenCalled();
    expect(errors).not.toHaveBeenCalled();

    resetPage();
    const notSkipped = await connected({ skipRedirect: false });
    await notSkipped.post(complete);
    expect(assign).toHaveBeenCalledTimes(1);
  });

  it("refuses to redirect anywhere but http(s), saying so next to the element", async () => {
    const assign = vi.spyOn(location, "assign").mockImplementation(() => {});
    const onComplete = vi.fn();
    const { post, element } = await connected({ onComplete });
    const refused = ["javascript:alert(document.domain)", "data:text/html,hi", "//evil.example/"];
    for (const url of refused) {
      await post({ v: 1, type: "complete", ...purchase, redirect_url: url });
    }
    expect(assign).not.toHaveBeenCalled();
    const calls = loaderErrorCalls(errors);
    expect(calls.map(([, about]) => about)).toEqual(refused.map(() => element));
    for (const [index, url] of refused.entries()) {
      expect(String(calls[index]![0])).toMatch(/redirect/i);
      expect(String(calls[index]![0])).toContain(`"${url}"`);
    }
    // The page still hears of the purchase.
    expect(onComplete).toHaveBeenCalledTimes(3);
  });

  it("never throws on a malformed http(s) URL: one error, and onComplete still runs", async () => {
    const assign = vi.spyOn(location, "assign").mockImplementation((url) => {
      new URL(String(url));
    });
    const onComplete = vi.fn();
    const uncaught = vi.fn();
    const { post, element } = await connected({ onComplete });
    window.addEventListener("error", uncaught);
    await post({ v: 1, type: "complete", ...purchase, redirect_url: "http://[broken" });
    window.removeEventListener("error", uncaught);
    expect(assign).toHaveBeenCalledTimes(1);
    expect(onComplete).toHaveBeenCalledTimes(1);
    expect(uncaught).not.toHaveBeenCalled();
    expect(loaderErrorCalls(errors)).toEqual([
      ['Not redirected: "http://[broken" is not an http(s) URL.', element],
    ]);
  });
});

describe("callbacks", () => {
  it("are called by global name, from options or attributes", async () => {
    vi.spyOn(location, "assign").mockImplementation(() => {});
    const onCheckoutState = vi.fn();
    const onCheckoutComplete = vi.fn();
    Object.assign(globals, { onCheckoutState, onCheckoutComplete });
    const byOption = await connected({
      onStateChange: "onCheckoutState",
      onComplete: "onCheckoutComplete",
    });
    await byOption.post({ v: 1, type: "state", state: "processing" });
    await byOption.post({ v: 1, type: "complete", ...purchase });
    expect(onCheckoutState.mock.calls).toEqual([["processing"]]);
    expect(onCheckoutComplete.mock.calls).toEqual([["plan_abc", "r_abc123", purchase]]);

    resetPage();
    const byAttribute = await connectedFromAttributes({
      "on-state-change": "onCheckoutState",
      "on-complete": "onCheckoutComplete",
    });
    await byAttribute.post({ v: 1, type: "state", state: "idle" });
    await byAttribute.post({ v: 1, type: "complete", ...purchase });
    expect(onCheckoutState.mock.calls).toEqual([["processing"], ["idle"]]);
    expect(onCheckoutComplete).toHaveBeenCalledTimes(2);
    expect(errors).not.toHaveBeenCalled();
  });

  it("call onStateChange after the state event, and only for state messages", async () => {
    const onStateChange = vi.fn();
    const { post, element } = await connected({ onStateChange });
    const listener = vi.fn();
    element.addEventListener("whop-checkout:state", listener);
    await post({ v: 1, type: "ready" });
    await post({ v: 1, type: "resize", height: 600 });
    await post({ v: 1, type: "state", state: "challenge" });
    expect(onStateChange.mock.calls).toEqual([["challenge"]]);
    expect(listener.mock.invocationCallOrder[0]).toBeLessThan(
      onStateChange.mock.invocationCallOrder[0]!,
    );
  });

  it("named but not global functions are reported next to the element", async () => {
    vi.spyOn(location, "assign").mockImplementation(() => {});
    globals.notAFunction = 42;
    const { post, element } = await connected({
      onComplete: "missingFunction",
      onStateChange: "notAFunction",
    });
    await post({ v: 1, type: "state", state: "idle" });
    await post({ v: 1, type: "complete", ...purchase });
    expect(loaderErrorCalls(errors)).toEqual([
      [
        'data-whop-checkout-on-state-change="notAFunction" is not a global function; nothing was called.',
        element,
      ],
      [
        'data-whop-checkout-on-complete="missingFunction" is not a global function; nothing was called.',
        element,
      ],
    ]);
  });
});

describe("a handle", () => {
  it("sends messages with the protocol version, and runs each onUnmount callback once", async () => {
    const { handle, received, embeds, element } = await connected();
    handle.send("set-email", { email: "a@b.co" });
    await vi.waitFor(() =>
      expect(received).toEqual([{ v: 1, type: "set-email", email: "a@b.co" }]),
    );
    const first = vi.fn();
    const second = vi.fn();
    handle.onUnmount.push(first, second);
    handle.unmount();
    handle.unmount();
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(1);
    expect(handle.onUnmount).toEqual([]);
    expect(embeds.has(element)).toBe(false);
  });

  it("mounts from the given default origin unless the options name one", async () => {
    const { mount } = await loadLoader();
    const element = document.body.appendChild(document.createElement("div"));
    const fromDefault = mount(element, { planId: "plan_abc" }, "https://default.example")!;
    expect(fromDefault.iframe.src).toMatch(/^https:\/\/default\.example\/embed\/checkout\?/);
    const named = mount(element, { planId: "plan_abc", origin: "https://named.example" }, "x")!;
    expect(named.iframe.src).toMatch(/^https:\/\/named\.example\/embed\/checkout\?/);
    expect(fromDefault.iframe.isConnected).toBe(false);
  });
});

describe("a checkout that does not say hello", () => {
  /** Mounts in a container with fallback content; `answer` is what /embed/allowed says. */
  async function mountSilent(answer: string) {
    const { mount } = await loadLoader();
    vi.useFakeTimers({ toFake: ["setTimeout"] });
    const fetched = vi.fn(async (_url: string) => new Response(answer));
    vi.stubGlobal("fetch", fetched);
    const element = document.body.appendChild(document.createElement("div"));
    element.innerHTML = "<a href='/buy'>Buy on our site</a>";
    const handle = mount(element, { planId: "plan_abc", origin: CHECKOUT })!;
    return { element, handle, fetched, mount };
  }
  const settle = async () => {
    for (let turn = 0; turn < 5; turn++) await Promise.resolve();
  };
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("asks the checkout origin why after a few seconds; a refusal removes it, keeps the fallback and is logged once", async () => {
    const refusal = "This page's origin (http://localhost:3000) may not embed plan_abc: …";
    const { element, handle, fetched } = await mountSilent(refusal);
    vi.advanceTimersByTime(3_000);
    expect(fetched).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1_000);
    expect(fetched).toHaveBeenCalledTimes(1);
    const asked = new URL(fetched.mock.calls[0]![0]);
    expect(`${asked.origin}${asked.pathname}`).toBe(`${CHECKOUT}/embed/allowed`);
    expect(asked.searchParams.get("planId")).toBe("plan_abc");
    expect(asked.searchParams.get("origin")).toBe(location.origin);
    await vi.waitFor(() => expect(loaderErrorCalls(errors)).toEqual([[refusal, element]]));
    expect(handle.iframe.isConnected).toBe(false);
    expect(element.querySelector("a")).not.toBeNull();
  });

  it("stays, silently, when the checkout origin allows the page (a slow network, a hidden tab)", async () => {
    const { element, handle, fetched } = await mountSilent("");
    vi.advanceTimersByTime(4_000);
    await settle();
    expect(fetched).toHaveBeenCalledTimes(1);
    expect(handle.iframe.isConnected).toBe(true);
    expect(element.querySelector("a")).not.toBeNull();
    expect(errors).not.toHaveBeenCalled();
  });

  it("never asks once it has said hello, or once it is unmounted", async () => {
    const { handle, fetched, mount } = await mountSilent("refused");
    handshake(handle);
    const unmounted = document.body.appendChild(document.createElement("div"));
    mount(unmounted, { planId: "plan_abc", origin: CHECKOUT })!.unmount();
    vi.advanceTimersByTime(10_000);
    await settle();
    expect(fetched).not.toHaveBeenCalled();
    expect(errors).not.toHaveBeenCalled();
  });
});

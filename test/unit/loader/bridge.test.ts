import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { EmbedHandle } from "../../../loader/mount.ts";
import { container, loaderErrorCalls, loaderErrors, loadLoader, resetPage, tick } from "./setup.ts";

vi.mock("../../../loader/log.ts", async (importOriginal) =>
  (await import("./setup.ts")).logWithLocalHelpers(importOriginal as never),
);

const CHECKOUT = "https://checkout.example";
const detail = {
  status: "success",
  plan_id: "plan_abc",
  receipt_id: "r_abc123",
  session_id: null,
  // Composed by the platform: the return URL with the purchase in its query.
  redirect_url: "https://shop.example/thanks?status=success&receipt_id=r_abc123&plan_id=plan_abc",
};
const EVENT_TYPES = ["ready", "resize", "state", "complete", "error", "email", "warning"];

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

/** Plays the iframe's side of the handshake for `handle`; returns its end of the port. */
function handshake(handle: EmbedHandle) {
  const frame = handle.iframe.contentWindow!;
  const posted = vi.spyOn(frame, "postMessage").mockImplementation(() => {});
  const channel = new URL(handle.iframe.src).searchParams.get("channel");
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

/** Mounts a checkout with `options` and connects it. */
async function connected(options: Record<string, unknown> = {}) {
  const { mount, embeds } = await loadLoader();
  const element = document.body.appendChild(document.createElement("div"));
  const handle = mount(element, { planId: "plan_abc", origin: CHECKOUT, ...options })!;
  return { ...handshake(handle), embeds };
}

/** Mounts a checkout from `data-whop-checkout-*` attributes and connects it. */
async function connectedFromAttributes(attributes: Record<string, string>) {
  const element = container({ "plan-id": "plan_abc", origin: CHECKOUT, ...attributes });
  document.body.append(element);
  const { embeds } = await loadLoader();
  return { ...handshake(embeds.get(element)!), embeds };
}

describe("the bridge", () => {
  it("answers only a hello from its own iframe, from the checkout origin, on its channel", async () => {
    const { mount } = await loadLoader();
    const element = document.body.appendChild(document.createElement("div"));
    const handle = mount(element, { planId: "plan_abc", origin: CHECKOUT })!;
    const other = document.body.appendChild(document.createElement("iframe"));
    const frame = handle.iframe.contentWindow!;
    const posted = vi.spyOn(frame, "postMessage").mockImplementation(() => {});
    const channel = new URL(handle.iframe.src).searchParams.get("channel");
    const data = { type: "whop-checkout:hello", channel };
    for (const init of [
      { source: other.contentWindow, origin: CHECKOUT, data },
      { source: window, origin: CHECKOUT, data },
      { source: frame, origin: "https://evil.example", data },
      // The page's own origin is sent to the checkout, never trusted as the checkout's.
      { source: frame, origin: location.origin, data },
      { source: frame, origin: CHECKOUT, data: { ...data, channel: "guess" } },
      { source: frame, origin: CHECKOUT, data: "whop-checkout:hello" },
    ]) {
      window.dispatchEvent(new MessageEvent("message", init as MessageEventInit));
    }
    expect(posted).not.toHaveBeenCalled();
  });

  it("turns each valid message into a bubbling event, sizing the iframe to the reported height", async () => {
    const { post, events, handle } = await connected();
    await post({ v: 1, type: "ready" });
    await post({ v: 1, type: "resize", height: 612 });
    await post({ v: 1, type: "state", state: "processing" });
    await post({ v: 1, type: "error", code: "card_declined", message: "Declined." });
    await vi.waitFor(() => expect(events).toHaveLength(4));
    expect(events.map((event) => [event.type, event.detail, event.bubbles])).toEqual([
      ["whop-checkout:ready", {}, true],
      ["whop-checkout:resize", { height: 612 }, true],
      ["whop-checkout:state", { state: "processing" }, true],
      ["whop-checkout:error", { code: "card_declined", message: "Declined." }, true],
    ]);
    expect(events.every((event) => !event.cancelable)).toBe(true);
    expect(handle.iframe.getAttribute("height")).toBe("612");
  });

  it("ignores malformed messages and keeps prototype-pollution keys inert", async () => {
    const { post, events } = await connected();
    await post({ v: 2, type: "ready" });
    await post({ v: 1, type: "navigate", url: "javascript:alert(1)" });
    await post({ v: 1, type: "resize", height: "100" });
    await post({ v: 1, type: "error", code: "x", message: "y".repeat(5000) });
    await post({ v: 1, type: "warning", message: 42 });
    await post({ v: 1, type: "complete", detail: { ...detail, plan_id: "nope" } });
    expect(events).toEqual([]);
    expect(errors).not.toHaveBeenCalled();
    await post(
      JSON.parse(
        '{"v":1,"type":"complete","__proto__":{"polluted":1},"detail":{"status":"success","plan_id":"plan_a1","receipt_id":"r_b2","session_id":null,"redirect_url":null,"__proto__":{"polluted":1}}}',
      ),
    );
    await vi.waitFor(() => expect(events).toHaveLength(1));
    expect(Object.keys(events[0]!.detail)).toEqual(Object.keys(detail));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("ignores a complete posted to the window by the page or another frame", async () => {
    const assign = vi.spyOn(location, "assign").mockImplementation(() => {});
    const onComplete = vi.fn();
    const { events } = await connected({ onComplete });
    const forged = { v: 1, type: "complete", detail };
    window.postMessage(forged, "*");
    window.dispatchEvent(new MessageEvent("message", { data: forged, origin: CHECKOUT }));
    await tick();
    expect(events).toEqual([]);
    expect(onComplete).not.toHaveBeenCalled();
    expect(assign).not.toHaveBeenCalled();
  });

  it("writes a warning to the console next to its element, without a DOM event", async () => {
    const { post, events, element } = await connected();
    const message = 'data-whop-checkout-theme="neon" is not a theme; the default applies.';
    await post({ v: 1, type: "warning", message });
    expect(loaderErrorCalls(errors)).toEqual([[message, element]]);
    expect(errors).toHaveBeenCalledTimes(1);
    expect(events).toEqual([]);
  });

  it("after a purchase dispatches the event, redirects to the platform's URL as is, then calls onComplete", async () => {
    const assign = vi.spyOn(location, "assign").mockImplementation(() => {});
    const onComplete = vi.fn();
    const { post, events, element } = await connected({ onComplete });
    const listener = vi.fn();
    element.addEventListener("whop-checkout:complete", listener);
    await post({ v: 1, type: "complete", detail });
    await vi.waitFor(() => expect(onComplete).toHaveBeenCalledTimes(1));
    expect(events).toHaveLength(1);
    expect(events[0]!.cancelable).toBe(true);
    expect(events[0]!.detail).toEqual(detail);
    expect(assign.mock.calls).toEqual([[detail.redirect_url]]);
    expect(onComplete).toHaveBeenCalledWith("plan_abc", "r_abc123", detail);
    const order = [listener, assign, onComplete].map((spy) => spy.mock.invocationCallOrder[0]!);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(errors).not.toHaveBeenCalled();
  });

  it("follows http and https URLs in any case", async () => {
    const assign = vi.spyOn(location, "assign").mockImplementation(() => {});
    const { post } = await connected();
    for (const url of ["http://shop.example/a", "HTTPS://shop.example/b"]) {
      await post({ v: 1, type: "complete", detail: { ...detail, redirect_url: url } });
    }
    expect(assign.mock.calls).toEqual([["http://shop.example/a"], ["HTTPS://shop.example/b"]]);
  });

  it("does not redirect when complete is cancelled, redirects are skipped or there is no URL", async () => {
    const assign = vi.spyOn(location, "assign").mockImplementation(() => {});
    const onComplete = vi.fn();
    const cancelled = await connected({ onComplete });
    cancelled.element.addEventListener("whop-checkout:complete", (event) => event.preventDefault());
    await cancelled.post({ v: 1, type: "complete", detail });
    expect(onComplete).toHaveBeenCalledTimes(1);

    resetPage();
    const skipped = await connected({ onComplete, skipRedirect: true });
    await skipped.post({ v: 1, type: "complete", detail });
    expect(onComplete).toHaveBeenCalledTimes(2);

    resetPage();
    const skippedByAttribute = await connectedFromAttributes({ "skip-redirect": "" });
    await skippedByAttribute.post({ v: 1, type: "complete", detail });
    expect(skippedByAttribute.events).toHaveLength(1);

    resetPage();
    const withoutUrl = await connected({ onComplete });
    await withoutUrl.post({ v: 1, type: "complete", detail: { ...detail, redirect_url: null } });
    expect(onComplete).toHaveBeenCalledTimes(3);

    expect(assign).not.toHaveBeenCalled();
    expect(errors).not.toHaveBeenCalled();

    resetPage();
    const notSkipped = await connected({ skipRedirect: false });
    await notSkipped.post({ v: 1, type: "complete", detail });
    expect(assign).toHaveBeenCalledTimes(1);
  });

  it("refuses to redirect anywhere but http(s), saying so next to the element", async () => {
    const assign = vi.spyOn(location, "assign").mockImplementation(() => {});
    const onComplete = vi.fn();
    const { post, element } = await connected({ onComplete });
    const refused = ["javascript:alert(document.domain)", "data:text/html,hi", "//evil.example/"];
    for (const url of refused) {
      await post({ v: 1, type: "complete", detail: { ...detail, redirect_url: url } });
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

  it("calls onComplete and onStateChange by global name, from options or attributes", async () => {
    vi.spyOn(location, "assign").mockImplementation(() => {});
    const onCheckoutState = vi.fn();
    const onCheckoutComplete = vi.fn();
    Object.assign(globals, { onCheckoutState, onCheckoutComplete });
    const byOption = await connected({
      onStateChange: "onCheckoutState",
      onComplete: "onCheckoutComplete",
    });
    await byOption.post({ v: 1, type: "state", state: "processing" });
    await byOption.post({ v: 1, type: "complete", detail });
    expect(onCheckoutState.mock.calls).toEqual([["processing"]]);
    expect(onCheckoutComplete.mock.calls).toEqual([["plan_abc", "r_abc123", detail]]);

    resetPage();
    const byAttribute = await connectedFromAttributes({
      "on-state-change": "onCheckoutState",
      "on-complete": "onCheckoutComplete",
    });
    await byAttribute.post({ v: 1, type: "state", state: "idle" });
    await byAttribute.post({ v: 1, type: "complete", detail });
    expect(onCheckoutState.mock.calls).toEqual([["processing"], ["idle"]]);
    expect(onCheckoutComplete).toHaveBeenCalledTimes(2);
    expect(errors).not.toHaveBeenCalled();
  });

  it("calls onStateChange after the state event, and only for state messages", async () => {
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

  it("reports a callback name that is not a global function, next to the element", async () => {
    vi.spyOn(location, "assign").mockImplementation(() => {});
    globals.notAFunction = 42;
    const { post, element } = await connected({
      onComplete: "missingFunction",
      onStateChange: "notAFunction",
    });
    await post({ v: 1, type: "state", state: "idle" });
    await post({ v: 1, type: "complete", detail });
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

  it("serves submit, setEmail and getEmail by identifier over the private channel", async () => {
    const { received, port, embeds } = await connected({ identifier: "main" });
    const api = await import("../../../loader/api.ts");
    api.submit(embeds as never, "main");
    api.setEmail(embeds as never, "main", "buyer@example.com");
    const email = api.getEmail(embeds as never, "main");
    await vi.waitFor(() => expect(received).toHaveLength(3));
    const id = received[2]!.id;
    expect(received).toEqual([
      { v: 1, type: "submit" },
      { v: 1, type: "set-email", email: "buyer@example.com" },
      { v: 1, type: "get-email", id: expect.any(Number) },
    ]);
    // Another request's answer is not this one's.
    port.postMessage({ v: 1, type: "email", id: Number(id) + 1, email: "other@example.com" });
    port.postMessage({ v: 1, type: "email", id, email: "typed@example.com" });
    await expect(email).resolves.toBe("typed@example.com");
    expect(await api.getEmail(embeds as never, "other")).toBeNull();
    expect(loaderErrors(errors)).toEqual(['No mounted checkout has the identifier "other".']);
  });

  it("settles getEmail with null when the checkout is unmounted before it answers", async () => {
    const { received, handle, embeds, element } = await connected({ identifier: "main" });
    const api = await import("../../../loader/api.ts");
    const removed = vi.spyOn(element, "removeEventListener");
    const first = api.getEmail(embeds as never, "main");
    const second = api.getEmail(embeds as never, "main");
    await vi.waitFor(() => expect(received).toHaveLength(2));
    handle.unmount();
    await expect(first).resolves.toBeNull();
    await expect(second).resolves.toBeNull();
    expect(removed.mock.calls.filter(([type]) => type === "whop-checkout:email")).toHaveLength(2);
    expect(handle.iframe.isConnected).toBe(false);
    expect(embeds.has(element)).toBe(false);
    // Unmounting again stays harmless.
    expect(() => handle.unmount()).not.toThrow();
  });

  it("settles WhopCheckout.getEmail with the answer, or with null once the container is removed", async () => {
    const { received, port, element } = await connectedFromAttributes({ identifier: "main" });
    const api = (window as unknown as { WhopCheckout: { getEmail(id: string): Promise<unknown> } })
      .WhopCheckout;

    const answered = api.getEmail("main");
    await vi.waitFor(() => expect(received).toHaveLength(1));
    port.postMessage({ v: 1, type: "email", id: received[0]!.id, email: "typed@example.com" });
    await expect(answered).resolves.toBe("typed@example.com");

    const unanswered = api.getEmail("main");
    await vi.waitFor(() => expect(received).toHaveLength(2));
    element.remove();
    await expect(unanswered).resolves.toBeNull();
    expect(element.querySelector("iframe")).toBeNull();
  });

  it("closes the port on unmount and answers a reloaded iframe with a fresh one", async () => {
    const { hello, posted, post, events, handle, port } = await connected();
    hello({});
    expect(posted).toHaveBeenCalledTimes(2);
    const fresh = (posted.mock.calls[1] as unknown as [unknown, string, MessagePort[]])[2][0]!;
    await post({ v: 1, type: "ready" });
    expect(events).toHaveLength(0);
    fresh.postMessage({ v: 1, type: "ready" });
    await vi.waitFor(() => expect(events).toHaveLength(1));
    handle.unmount();
    fresh.postMessage({ v: 1, type: "ready" });
    await tick();
    expect(events).toHaveLength(1);
    expect(port).toBeDefined();
  });
});

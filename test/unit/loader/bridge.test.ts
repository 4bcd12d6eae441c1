import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { EmbedHandle } from "../../../loader/mount.ts";
import { loaderErrors, loadLoader, resetPage, tick } from "./setup.ts";

vi.mock("../../../loader/log.ts", async (importOriginal) =>
  (await import("./setup.ts")).logWithLocalHelpers(importOriginal as never),
);

const CHECKOUT = "https://checkout.example";
const detail = {
  status: "success",
  plan_id: "plan_abc",
  receipt_id: "r_abc123",
  session_id: null,
  redirect_url: "https://shop.example/thanks",
};

let errors: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  resetPage();
  errors = vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

/** Mounts a checkout and plays the iframe's side of the handshake; returns its end of the port. */
async function connected(options: Record<string, unknown> = {}) {
  const { mount, embeds } = await loadLoader();
  const element = document.body.appendChild(document.createElement("div"));
  const handle = mount(element, { planId: "plan_abc", origin: CHECKOUT, ...options })!;
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
  const received: unknown[] = [];
  port.onmessage = (event) => received.push(event.data);
  const events: CustomEvent[] = [];
  for (const type of ["ready", "resize", "state", "complete", "error", "email"]) {
    document.addEventListener(`whop-checkout:${type}`, (event) => {
      events.push(event as CustomEvent);
    });
  }
  const post = async (data: unknown) => {
    port.postMessage(data);
    await tick();
    await tick();
  };
  return { handle, element, port, posted, hello, post, events, received, embeds };
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
    expect(handle.iframe.getAttribute("height")).toBe("612");
  });

  it("ignores malformed messages and keeps prototype-pollution keys inert", async () => {
    const { post, events } = await connected();
    await post({ v: 2, type: "ready" });
    await post({ v: 1, type: "navigate", url: "javascript:alert(1)" });
    await post({ v: 1, type: "resize", height: "100" });
    await post({ v: 1, type: "error", code: "x", message: "y".repeat(5000) });
    await post({ v: 1, type: "complete", detail: { ...detail, plan_id: "nope" } });
    expect(events).toEqual([]);
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
    const { events } = await connected();
    const forged = { v: 1, type: "complete", detail };
    window.postMessage(forged, "*");
    window.dispatchEvent(new MessageEvent("message", { data: forged, origin: CHECKOUT }));
    await tick();
    expect(events).toEqual([]);
  });

  it("after a purchase calls on-complete, then redirects with the purchase in the query", async () => {
    const onComplete = vi.fn();
    const assign = vi.spyOn(location, "assign").mockImplementation(() => {});
    const { post, events } = await connected({ onComplete });
    await post({ v: 1, type: "complete", detail });
    await vi.waitFor(() => expect(assign).toHaveBeenCalledTimes(1));
    expect(events[0]!.cancelable).toBe(true);
    expect(onComplete).toHaveBeenCalledWith("plan_abc", "r_abc123", detail);
    expect(assign).toHaveBeenCalledWith(
      "https://shop.example/thanks?status=success&receipt_id=r_abc123&plan_id=plan_abc",
    );
  });

  it("does not redirect when complete is cancelled or redirects are skipped", async () => {
    const assign = vi.spyOn(location, "assign").mockImplementation(() => {});
    const onComplete = vi.fn();
    const first = await connected({ onComplete });
    first.element.addEventListener("whop-checkout:complete", (event) => event.preventDefault());
    await first.post({ v: 1, type: "complete", detail });
    await vi.waitFor(() => expect(onComplete).toHaveBeenCalledTimes(1));

    resetPage();
    const second = await connected({ onComplete, skipRedirect: true });
    await second.post({ v: 1, type: "complete", detail });
    await vi.waitFor(() => expect(onComplete).toHaveBeenCalledTimes(2));
    expect(assign).not.toHaveBeenCalled();
  });

  it("refuses a javascript: redirect, from the platform or from return-url", async () => {
    const assign = vi.spyOn(location, "assign").mockImplementation(() => {});
    const bad = { ...detail, redirect_url: "javascript:alert(document.domain)" };
    const first = await connected();
    await first.post({ v: 1, type: "complete", detail: bad });
    await vi.waitFor(() => expect(loaderErrors(errors)).toHaveLength(1));
    expect(loaderErrors(errors)[0]).toContain(
      'the redirect URL "javascript:alert(document.domain)"; only http(s) URLs are followed',
    );

    resetPage();
    const second = await connected({ returnUrl: "javascript:alert(1)" });
    second.element.id = "buy";
    await second.post({ v: 1, type: "complete", detail });
    await vi.waitFor(() => expect(assign).toHaveBeenCalledTimes(1));
    expect(loaderErrors(errors)[1]).toContain(
      '#buy: data-whop-checkout-return-url="javascript:alert(1)"; only http(s) URLs are followed',
    );
    // The platform's own redirect applies instead.
    expect(String(assign.mock.calls[0]![0])).toMatch(/^https:\/\/shop\.example\/thanks\?/);
  });

  it("sends to return-url when set, and reports a callback name that is not a function", async () => {
    const assign = vi.spyOn(location, "assign").mockImplementation(() => {});
    const onState = vi.fn();
    (window as unknown as Record<string, unknown>).onCheckoutState = onState;
    const { post, element } = await connected({
      returnUrl: "/done",
      onStateChange: "onCheckoutState",
      onComplete: "missingFunction",
    });
    element.id = "buy";
    await post({ v: 1, type: "state", state: "idle" });
    await post({ v: 1, type: "complete", detail });
    await vi.waitFor(() => expect(assign).toHaveBeenCalledTimes(1));
    expect(onState).toHaveBeenCalledWith("idle");
    expect(String(assign.mock.calls[0]![0])).toBe(
      `${location.origin}/done?status=success&receipt_id=r_abc123&plan_id=plan_abc`,
    );
    expect(loaderErrors(errors)).toEqual([
      '#buy: data-whop-checkout-on-complete="missingFunction"; it is not the name of a global function, so nothing was called.',
    ]);
  });

  it("serves submit, setEmail and getEmail by identifier over the private channel", async () => {
    const { received, port, embeds } = await connected({ identifier: "main" });
    const api = await import("../../../loader/api.ts");
    api.submit(embeds as never, "main");
    api.setEmail(embeds as never, "main", "buyer@example.com");
    const email = api.getEmail(embeds as never, "main");
    await vi.waitFor(() => expect(received).toHaveLength(3));
    expect(received).toEqual([
      { v: 1, type: "submit" },
      { v: 1, type: "set-email", email: "buyer@example.com" },
      { v: 1, type: "get-email", id: 1 },
    ]);
    port.postMessage({ v: 1, type: "email", id: 1, email: "typed@example.com" });
    await expect(email).resolves.toBe("typed@example.com");
    expect(await api.getEmail(embeds as never, "other")).toBeNull();
    expect(loaderErrors(errors)).toEqual(['No mounted checkout has the identifier "other".']);
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
    (handle as EmbedHandle).unmount();
    fresh.postMessage({ v: 1, type: "ready" });
    await tick();
    expect(events).toHaveLength(1);
    expect(port).toBeDefined();
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CHECKOUT, connected, loadLoader, purchase, resetPage, tick } from "./setup.ts";

let errors: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  resetPage();
  errors = vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

describe("the host side of the channel", () => {
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

  it("drops what is not a message of its protocol version, and keeps prototype-pollution keys inert", async () => {
    const { post, events } = await connected();
    await post({ v: 2, type: "ready" });
    await post(null);
    await post("ready");
    expect(events).toEqual([]);
    expect(errors).not.toHaveBeenCalled();
    // The checkout checks each message before it sends it (see test/unit/checkout/bridge.test.ts).
    await post(
      JSON.parse(
        '{"v":1,"type":"complete","__proto__":{"polluted":1},"status":"success","plan_id":"plan_a1","receipt_id":"r_b2","session_id":null,"redirect_url":null,"amount":4900,"currency":"usd","promo_code":null}',
      ),
    );
    await vi.waitFor(() => expect(events).toHaveLength(1));
    expect(Object.keys(events[0]!.detail)).toEqual(["__proto__", ...Object.keys(purchase)]);
    expect(Object.getPrototypeOf(events[0]!.detail)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("ignores a complete posted to the window by the page or another frame", async () => {
    const assign = vi.spyOn(location, "assign").mockImplementation(() => {});
    const onComplete = vi.fn();
    const { events } = await connected({ onComplete });
    const forged = { v: 1, type: "complete", ...purchase };
    window.postMessage(forged, "*");
    window.dispatchEvent(new MessageEvent("message", { data: forged, origin: CHECKOUT }));
    await tick();
    expect(events).toEqual([]);
    expect(onComplete).not.toHaveBeenCalled();
    expect(assign).not.toHaveBeenCalled();
  });

  it("hands a reloaded checkout what it asked to keep and the page's last theme, first", async () => {
    const { hello, posted, post, events, handle } = await connected();
    const kept = { v: 1, type: "keep", email: "ana@example.com", name: "Ana", country: "DE" };
    await post({ ...kept, name: "An" });
    await post(kept);
    // Held for the checkout: no event, no callback.
    expect(events).toEqual([]);
    handle.send("theme", { theme: "light" });
    handle.send("theme", { theme: "dark" });
    handle.send("submit");
    // The iframe was moved: it reloads and says hello again.
    hello({});
    handle.send("set-email", { email: "set@example.com" });
    const fresh = (posted.mock.calls[1] as unknown as [unknown, string, MessagePort[]])[2][0]!;
    const received: unknown[] = [];
    fresh.onmessage = (event) => received.push(event.data);
    await vi.waitFor(() => expect(received).toHaveLength(3));
    expect(received).toEqual([
      kept,
      { v: 1, type: "theme", theme: "dark" },
      { v: 1, type: "set-email", email: "set@example.com" },
    ]);
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

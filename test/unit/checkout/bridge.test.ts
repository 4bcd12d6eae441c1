import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { connectToHost } from "../../../src/checkout/bridge.ts";
import { CONNECT, type FrameMessage, HELLO, warningMessage } from "../../../src/protocol/index.ts";

const HOST = "https://shop.example";
const CHANNEL = "c7f3a9";

/** The window the iframe sits in, as the iframe sees it: only its postMessage matters. */
let parent: { postMessage: ReturnType<typeof vi.fn> };
beforeEach(() => {
  parent = { postMessage: vi.fn() };
  Object.defineProperty(window, "parent", { value: parent, configurable: true });
});
afterEach(() => {
  Object.defineProperty(window, "parent", { value: window, configurable: true });
  vi.restoreAllMocks();
});

const fakePort = () => ({ postMessage: vi.fn(), onmessage: null as unknown });
const connect = (init: { source?: unknown; origin?: string; channel?: string; port?: object }) =>
  window.dispatchEvent(
    new MessageEvent("message", {
      source: (init.source ?? parent) as Window,
      origin: init.origin ?? HOST,
      data: { type: CONNECT, channel: init.channel ?? CHANNEL },
      ports: [init.port ?? fakePort()] as unknown as MessagePort[],
    }),
  );
const ready: FrameMessage = { v: 1, type: "ready" } as FrameMessage;

describe("the iframe side of the channel", () => {
  it("says hello to the parent at the host origin named in its URL, never to *", () => {
    connectToHost(CHANNEL, HOST, () => {});
    expect(parent.postMessage).toHaveBeenCalledTimes(1);
    expect(parent.postMessage).toHaveBeenCalledWith({ type: HELLO, channel: CHANNEL }, HOST);
  });

  it.each([
    ["*", CHANNEL],
    ["null", CHANNEL],
    ["javascript:alert(1)", CHANNEL],
    ["https://shop.example/path", CHANNEL],
    [HOST, ""],
  ])("stays silent with host origin %j and channel %j", (origin, channel) => {
    const bridge = connectToHost(channel, origin, () => {});
    bridge.send(ready);
    expect(parent.postMessage).not.toHaveBeenCalled();
  });

  it("is inert outside a frame", () => {
    Object.defineProperty(window, "parent", { value: window, configurable: true });
    const posted = vi.spyOn(window, "postMessage").mockImplementation(() => {});
    connectToHost(CHANNEL, HOST, () => {}).send(ready);
    expect(posted).not.toHaveBeenCalled();
  });

  it("takes a port only from its parent, at the host origin, on its channel", () => {
    const bridge = connectToHost(CHANNEL, HOST, () => {});
    bridge.send(ready);
    const refused = [
      { origin: "https://evil.example" },
      { origin: "null" },
      { source: window },
      { source: {} },
      { channel: "guess" },
    ].map((init) => {
      const port = fakePort();
      connect({ ...init, port });
      return port;
    });
    for (const port of refused) expect(port.postMessage).not.toHaveBeenCalled();

    const port = fakePort();
    connect({ port });
    // The queued message goes to the accepted port, and later ones too.
    expect(port.postMessage).toHaveBeenCalledWith(ready);
    bridge.send(ready);
    expect(port.postMessage).toHaveBeenCalledTimes(2);
    for (const other of refused) expect(other.postMessage).not.toHaveBeenCalled();
  });

  it("passes on only valid messages from the port", () => {
    const received: unknown[] = [];
    connectToHost(CHANNEL, HOST, (message) => received.push(message));
    const port = fakePort();
    connect({ port });
    const deliver = port.onmessage as (event: { data: unknown }) => void;
    deliver({ data: { v: 1, type: "nonsense" } });
    deliver({ data: "whop-checkout:connect" });
    expect(received).toEqual([]);
    deliver({ data: { v: 1, type: "submit" } });
    expect(received).toEqual([{ v: 1, type: "submit" }]);
  });

  it("sends a warning longer than a message may carry, cut", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const bridge = connectToHost(CHANNEL, HOST, () => {});
    const pipe = new MessageChannel();
    connect({ port: pipe.port2 });
    const received: unknown[] = [];
    pipe.port1.onmessage = (event) => received.push(event.data);
    bridge.send(warningMessage("w".repeat(5000)));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(received).toEqual([{ v: 1, type: "warning", message: `${"w".repeat(2047)}…` }]);
    expect(errors).not.toHaveBeenCalled();
  });
});

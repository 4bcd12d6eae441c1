import { afterEach, describe, expect, it, vi } from "vitest";
import { connectToHost } from "../../../src/checkout/bridge.ts";
import { warningMessage } from "../../../src/protocol/index.ts";

const HOST = "https://shop.example";
const CHANNEL = "1,2,3,4";

afterEach(() => vi.restoreAllMocks());

/** Connects as a framed checkout would: says hello to a stand-in parent, which hands a port. */
async function framed() {
  const parent = { postMessage: vi.fn() };
  vi.spyOn(window, "parent", "get").mockReturnValue(parent as unknown as Window);
  const errors = vi.spyOn(console, "error").mockImplementation(() => {});
  const host = connectToHost(CHANNEL, HOST, () => {});
  expect(parent.postMessage).toHaveBeenCalledWith(
    { type: "whop-checkout:hello", channel: CHANNEL },
    HOST,
  );
  const pipe = new MessageChannel();
  window.dispatchEvent(
    new MessageEvent("message", {
      source: parent as unknown as Window,
      origin: HOST,
      data: { type: "whop-checkout:connect", channel: CHANNEL },
      ports: [pipe.port2],
    }),
  );
  const received: unknown[] = [];
  pipe.port1.onmessage = (event) => received.push(event.data);
  const settle = () => new Promise((resolve) => setTimeout(resolve, 10));
  return { host, received, errors, settle };
}

describe("the checkout's side of the channel", () => {
  it("sends a warning longer than a message may carry, cut", async () => {
    const { host, received, errors, settle } = await framed();
    host.send(warningMessage("w".repeat(5000)));
    await settle();
    expect(received).toEqual([{ v: 1, type: "warning", message: `${"w".repeat(2047)}…` }]);
    expect(errors).not.toHaveBeenCalled();
  });
});

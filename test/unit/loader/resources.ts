import { vi } from "vitest";
import { observers } from "./setup.ts";

/**
 * Counts what the loader acquires and releases: window `message` listeners, MessageChannels
 * (and their closed ports) and MutationObservers.
 */
export function countResources() {
  const listeners = new Set<unknown>();
  const added = vi.spyOn(window, "addEventListener");
  const removed = vi.spyOn(window, "removeEventListener");
  const channels: MessageChannel[] = [];
  const closed = new Set<MessagePort>();
  const NativeChannel = globalThis.MessageChannel;
  vi.stubGlobal(
    "MessageChannel",
    class extends NativeChannel {
      constructor() {
        super();
        channels.push(this);
      }
    },
  );
  const portPrototype = Object.getPrototypeOf(new NativeChannel().port1) as MessagePort;
  const nativeClose = portPrototype.close;
  vi.spyOn(portPrototype, "close").mockImplementation(function (this: MessagePort) {
    closed.add(this);
    nativeClose.call(this);
  });
  const observersAtStart = observers.length;
  return {
    listeners: () => {
      listeners.clear();
      for (const [type, listener] of added.mock.calls)
        if (type === "message") listeners.add(listener);
      for (const [type, listener] of removed.mock.calls) {
        if (type === "message") listeners.delete(listener);
      }
      return listeners.size;
    },
    added: () => added.mock.calls.filter(([type]) => type === "message").length,
    channels: () => channels.length,
    openPorts: () => channels.filter((channel) => !closed.has(channel.port1)).length,
    observers: () => observers.length - observersAtStart,
  };
}

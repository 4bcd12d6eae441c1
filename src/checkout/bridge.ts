import {
  CONNECT,
  type FrameMessage,
  HELLO,
  type HostMessage,
  isHandshake,
  parseHostMessage,
} from "../protocol/index.ts";

interface HostBridge {
  send(message: FrameMessage): void;
}

const HTTP_ORIGIN = /^https?:\/\/[^/?#\s]+$/;

/**
 * The iframe side of the private channel. Says hello to `window.parent` (only at the host
 * origin named in the URL) and accepts a MessagePort only from that same window and origin.
 * Messages sent before the port arrives are queued. Outside a frame it is inert.
 *
 * What it sends is typed (`FrameMessage`); the loader takes a message of its protocol version as
 * it comes over the port, guarding what could harm the page (see loader/bridge.ts).
 */
export function connectToHost(
  channel: string,
  hostOrigin: string,
  onMessage: (message: HostMessage) => void,
): HostBridge {
  const parent = window.parent;
  if (parent === window || !channel || !HTTP_ORIGIN.test(hostOrigin)) return { send() {} };

  let port: MessagePort | null = null;
  const queue: FrameMessage[] = [];
  addEventListener("message", (event) => {
    if (event.source !== parent || event.origin !== hostOrigin) return;
    if (!isHandshake(event.data, CONNECT, channel) || !event.ports[0]) return;
    port = event.ports[0];
    port.onmessage = (message) => {
      const parsed = parseHostMessage(message.data);
      if (parsed) onMessage(parsed);
    };
    for (const message of queue.splice(0)) port.postMessage(message);
  });
  parent.postMessage({ type: HELLO, channel }, hostOrigin);
  return {
    send(message) {
      if (port) port.postMessage(message);
      else queue.push(message);
    },
  };
}

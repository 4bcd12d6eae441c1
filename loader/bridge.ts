import {
  CONNECT,
  type FrameMessage,
  HELLO,
  type HostMessage,
  isHandshake,
  PROTOCOL_VERSION,
} from "../src/protocol/index.ts";

/**
 * The host side of the private channel with one checkout iframe.
 *
 * The iframe says hello to `window.parent` with the channel id it was given in its URL; only a
 * hello whose source is this iframe's window and whose origin is the checkout origin is
 * answered, with a MessagePort posted to that origin alone. Every later message travels over
 * the port, which no other frame holds. Messages sent before the hello wait in the port's
 * queue. A reloaded iframe says hello again and gets a fresh port, so the listener stays until
 * `disconnect()`. `onConnected` runs on every hello, before the port is handed over.
 *
 * Only the checkout origin holds the other end, and what it sends is typed (`FrameMessage`), so
 * a message of this protocol version is taken as it comes: the loader's byte budget has no room
 * for a full check. What could harm the page is guarded where it is used (mount.ts): heights
 * are capped, only http(s) URLs are followed, and nothing received can make the loader throw.
 */
export function connect(
  iframe: HTMLIFrameElement,
  targetOrigin: string,
  channel: string,
  onMessage: (message: FrameMessage) => void,
  onConnected: () => void,
): { send(message: HostMessage): void; disconnect(): void } {
  let pipe = new MessageChannel();
  let handedOver = false;
  const onHello = (event: MessageEvent) => {
    const frame = iframe.contentWindow;
    if (!frame || event.source !== frame || event.origin !== targetOrigin) return;
    if (!isHandshake(event.data, HELLO, channel)) return;
    onConnected();
    if (handedOver) {
      pipe.port1.close();
      pipe = new MessageChannel();
    }
    handedOver = true;
    pipe.port1.onmessage = ({ data }) => {
      if (data?.v === PROTOCOL_VERSION) onMessage(data);
    };
    frame.postMessage({ type: CONNECT, channel }, targetOrigin, [pipe.port2]);
  };
  addEventListener("message", onHello);
  return {
    send: (message) => pipe.port1.postMessage(message),
    disconnect() {
      removeEventListener("message", onHello);
      pipe.port1.close();
    },
  };
}

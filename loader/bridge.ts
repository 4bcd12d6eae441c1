import {
  CONNECT,
  type FrameMessage,
  type HostMessage,
  PROTOCOL_VERSION,
} from "../src/protocol/index.ts";

/**
 * The host side of the private channel with one checkout iframe.
 *
 * The iframe says hello to `window.parent` with the channel id it was given in its URL: only a
 * message whose source is this iframe's window, whose origin is the checkout origin and that
 * names this channel is answered, with a MessagePort posted to that origin alone. (Its type is
 * not looked at: the hello is the only message the checkout posts to the page's window, and
 * the loader's byte budget has no room for a check that adds no safety.) Every later message
 * travels over the port, which no other frame holds. Messages sent before the hello wait in the
 * port's queue. The iframe, hidden until then, is shown in place of the fallback content (its
 * next siblings).
 *
 * A shown iframe that says hello again has reloaded: browsers reload an iframe that the page
 * moves in the document, and the checkout starts again from its URL's settings. So the listener
 * stays until `disconnect()`, and a reloaded checkout gets a fresh port on which, before
 * anything else, come what it last asked to keep (the `keep` message: what the buyer typed,
 * never card data) and the last theme the page set.
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
): { send(message: HostMessage): void; disconnect(): void } {
  let pipe = new MessageChannel();
  let kept: HostMessage | undefined;
  let theme: HostMessage | undefined;
  const onHello = (event: MessageEvent) => {
    const frame = iframe.contentWindow;
    if (!frame || event.source !== frame || event.origin !== targetOrigin) return;
    if (event.data?.channel !== channel) return;
    if (!iframe.hidden) {
      pipe.port1.close();
      pipe = new MessageChannel();
      // (Nothing yet is sent as undefined, which the checkout ignores.)
      pipe.port1.postMessage(kept);
      pipe.port1.postMessage(theme);
    }
    iframe.hidden = false;
    while (iframe.nextSibling) iframe.nextSibling.remove();
    pipe.port1.onmessage = ({ data }) => {
      if (data?.v === PROTOCOL_VERSION) {
        // Held for the checkout, not the page: no event.
        if (data.type === "keep") kept = data;
        else onMessage(data);
      }
    };
    frame.postMessage({ type: CONNECT, channel }, targetOrigin, [pipe.port2]);
  };
  addEventListener("message", onHello);
  return {
    send(message) {
      if (message.type === "theme") theme = message;
      pipe.port1.postMessage(message);
    },
    disconnect() {
      removeEventListener("message", onHello);
      pipe.port1.close();
    },
  };
}

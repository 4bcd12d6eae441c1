// The modal of `open()`, part of loader-api.js (see api.ts), so pages that only embed inline
// never download it. It mounts through the `mount` it is given, the loader's own.
import { adoptModalStyle, MODAL } from "./modal-style.ts";
import type { EmbedEventMap, EmbedOptions, Mount } from "./mount.ts";

/** What `open()` settles with; the same shape as the platform's in-app purchase result. */
export type PurchaseResult =
  | { status: "ok"; data: { receipt_id: string } }
  | { status: "error"; error: string };

/** The iframe's width without the dialog's stylesheet (which overrides it): room to spare. */
const FALLBACK_MARGIN = 80;
const MAX_WIDTH = 480;

/**
 * Shows the checkout in a modal `<dialog>` (styled by modal-style.ts): Escape, a click on the
 * backdrop or the Close button close it, and focus returns to what had it before.
 */
export function open(options: EmbedOptions, mount: Mount): Promise<PurchaseResult> {
  return new Promise((resolve) => {
    adoptModalStyle();
    const opener = document.activeElement as HTMLElement | null;
    const dialog = document.createElement("dialog");
    dialog.className = MODAL;
    // The checkout checks the theme; the frame follows the ones it has ("system" otherwise).
    dialog.dataset.theme = options.theme ?? "system";
    dialog.setAttribute("aria-label", "Checkout");
    const closeButton = document.createElement("button");
    closeButton.type = "button";
    closeButton.textContent = "×";
    closeButton.setAttribute("aria-label", "Close");
    // The checkout's panel.
    const container = document.createElement("div");
    // Close first: where focus starts, however tall the checkout grows.
    dialog.append(closeButton, container);
    document.body.append(dialog);

    let result: PurchaseResult = {
      status: "error",
      error: "The checkout was closed before the purchase completed.",
    };
    container.addEventListener("whop-checkout:complete", (event) => {
      const detail = (event as CustomEvent<EmbedEventMap["whop-checkout:complete"]>).detail;
      result = { status: "ok", data: { receipt_id: detail.receipt_id } };
      dialog.close();
    });

    // The promise is the outcome here: no navigation after the purchase.
    const handle = mount(container, { ...options, skipRedirect: true });
    if (!handle) {
      dialog.remove();
      resolve({ status: "error", error: "Invalid plan or session id; see the console." });
      return;
    }
    handle.iframe.setAttribute("width", String(Math.min(MAX_WIDTH, innerWidth - FALLBACK_MARGIN)));

    closeButton.addEventListener("click", () => dialog.close());
    // A click on the backdrop targets the dialog itself, outside its box.
    dialog.addEventListener("click", (event) => {
      const box = dialog.getBoundingClientRect();
      const outside =
        event.clientX < box.left ||
        event.clientX > box.right ||
        event.clientY < box.top ||
        event.clientY > box.bottom;
      if (event.target === dialog && outside) dialog.close();
    });
    dialog.addEventListener("close", () => {
      handle.unmount();
      dialog.remove();
      opener?.focus();
      resolve(result);
    });
    dialog.showModal();
  });
}

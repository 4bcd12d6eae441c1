// The modal of `open()`, part of loader-api.js (see api.ts), so pages that only embed inline
// never download it. It mounts through the `mount` it is given, the loader's own.
import type { EmbedEventMap, EmbedOptions, Mount } from "./mount.ts";

/** What `open()` settles with; the same shape as the platform's in-app purchase result. */
export type PurchaseResult =
  | { status: "ok"; data: { receipt_id: string } }
  | { status: "error"; error: string };

/** Room the dialog's own padding and border take around the iframe. */
const DIALOG_MARGIN = 80;
const MAX_WIDTH = 480;

/**
 * Shows the checkout in a modal `<dialog>`: Escape, a click on the backdrop or the Close
 * button close it, and focus returns to what had it before. Sized with attributes only (no
 * style), so strict-CSP pages need no exception.
 */
export function open(options: EmbedOptions, mount: Mount): Promise<PurchaseResult> {
  return new Promise((resolve) => {
    const opener = document.activeElement as HTMLElement | null;
    const dialog = document.createElement("dialog");
    dialog.setAttribute("aria-label", "Checkout");
    const container = document.createElement("div");
    const closeButton = document.createElement("button");
    closeButton.type = "button";
    closeButton.textContent = "Close";
    // Close first: a stable place however tall the checkout grows, and where focus starts.
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
    handle.iframe.setAttribute("width", String(Math.min(MAX_WIDTH, innerWidth - DIALOG_MARGIN)));

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

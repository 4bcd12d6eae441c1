// The modal of `open()`, part of loader-api.js (see api.ts), so pages that only embed inline
// never download it. It mounts through the `mount` it is given, the loader's own.
import type { EmbedEventMap, EmbedOptions, Mount } from "./mount.ts";

/** What `open()` settles with; the same shape as the platform's in-app purchase result. */
export type PurchaseResult =
  | { status: "ok"; data: { receipt_id: string } }
  | { status: "error"; error: string };

/** The dialog's class: every rule of its stylesheet is scoped under it. */
const MODAL = "whop-checkout-modal";

/**
 * The dialog's look. A constructed stylesheet (CSSOM), adopted by the document: no `<style>`
 * element and no `style` attribute, so pages with a strict `style-src` need no exception.
 * Scoped by class (beating the page's own `dialog` and `button` rules); the colours follow the
 * checkout's (`data-theme`, "system" following the OS). Below 520 px it is a bottom sheet.
 */
const CSS = `
.${MODAL}{--bg:#fff;--fg:#15171c;--hover:#f0f1f4;--focus:#2f6fed;color-scheme:light;
box-sizing:border-box;width:min(480px,100vw - 32px);max-width:none;max-height:calc(100dvh - 32px);
padding:0;border:0;border-radius:12px;background:var(--bg);color:var(--fg);overflow:hidden;
box-shadow:0 24px 64px rgb(0 0 0/.28),0 2px 8px rgb(0 0 0/.12)}
.${MODAL}[data-theme=dark]{--bg:#111216;--fg:#f2f3f6;--hover:#22252d;--focus:#8ab4ff;color-scheme:dark}
@media (prefers-color-scheme:dark){.${MODAL}[data-theme=system]{--bg:#111216;--fg:#f2f3f6;
--hover:#22252d;--focus:#8ab4ff;color-scheme:dark}}
.${MODAL}[open]{display:flex;flex-direction:column}
.${MODAL}::backdrop{background:rgb(0 0 0/.5)}
.${MODAL}>header{position:relative;z-index:1;display:flex;justify-content:flex-end;flex:none;
padding:8px 8px 0}
.${MODAL}>header>button{all:unset;box-sizing:border-box;display:grid;place-items:center;
width:44px;height:44px;border-radius:10px;font:400 28px/1 system-ui,sans-serif;color:inherit;
cursor:pointer}
.${MODAL}>header>button:hover{background:var(--hover)}
.${MODAL}>header>button:focus-visible{outline:2px solid var(--focus);outline-offset:2px}
.${MODAL}>div{flex:1;min-height:0;overflow:auto;overscroll-behavior:contain}
.${MODAL} iframe{display:block}
@media (max-width:519.98px){.${MODAL}{width:100%;max-height:calc(100dvh - 16px);margin:auto 0 0;
border-radius:12px 12px 0 0;padding:0 env(safe-area-inset-right) env(safe-area-inset-bottom)
env(safe-area-inset-left)}}
`;

let sheet: CSSStyleSheet | undefined;

/** Adopts the dialog's stylesheet once per document. */
function adoptStyles() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  if (!document.adoptedStyleSheets.includes(sheet))
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}

/**
 * Shows the checkout in a modal `<dialog>`: Escape, a click on the backdrop or the Close
 * button close it, and focus returns to what had it before.
 */
export function open(options: EmbedOptions, mount: Mount): Promise<PurchaseResult> {
  return new Promise((resolve) => {
    adoptStyles();
    const opener = document.activeElement as HTMLElement | null;
    const dialog = document.createElement("dialog");
    dialog.className = MODAL;
    dialog.dataset.theme = options.theme ?? "system";
    dialog.setAttribute("aria-label", "Checkout");
    const header = document.createElement("header");
    const closeButton = document.createElement("button");
    closeButton.type = "button";
    closeButton.textContent = "×";
    closeButton.setAttribute("aria-label", "Close");
    header.append(closeButton);
    const container = document.createElement("div");
    // Close first: a stable place however tall the checkout grows, and where focus starts.
    dialog.append(header, container);
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

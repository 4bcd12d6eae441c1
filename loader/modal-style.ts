// The look of the `open()` dialog (see modal.ts), part of loader-api.js.

/** The dialog's class: every rule below is scoped under it. */
export const MODAL = "whop-checkout-modal";

const D = `dialog.${MODAL}`;

/**
 * The dialog is a transparent box around a panel, the checkout's frame: rounded, shadowed, in
 * the theme's colours (`data-theme` on the dialog; "system" follows the OS), scrolling when the
 * checkout is taller than the window. The round Close button sits above the panel's top right
 * corner, on the dimmed backdrop, so the panel shows the checkout alone whatever its colours
 * (a `theme-background-color` included). Below 520 px the panel is a bottom sheet.
 *
 * The panel is a plain block with a `max-height`, never a flex item: WebKit resolves a
 * percentage `flex-basis` (as in `flex: 1`) in a column whose height is only capped to zero, so
 * a checkout in such an item was loaded but shown (and clickable) nowhere. Until the checkout
 * says hello, its hidden iframe keeps its reserved height, invisibly, so the panel does not
 * jump. Selectors are `dialog.<class>`, so the page's own `dialog`, `button` and `iframe` rules
 * lose to them.
 */
const CSS = `
${D}{--bg:#fff;--fg:#15171c;--hover:#eceef2;--ring:#2f6fed;--edge:rgb(0 0 0/.06);
color-scheme:light;box-sizing:border-box;
width:min(480px,100vw - 32px);max-width:none;max-height:none;margin:auto;padding:0;border:0;
overflow:visible;background:none;color:var(--fg)}
${D}[data-theme=dark]{--bg:#111216;--fg:#f2f3f6;--hover:#262932;--ring:#8ab4ff;
--edge:rgb(255 255 255/.12);color-scheme:dark}
@media (prefers-color-scheme:dark){${D}[data-theme=system]{--bg:#111216;--fg:#f2f3f6;
--hover:#262932;--ring:#8ab4ff;--edge:rgb(255 255 255/.12);color-scheme:dark}}
${D}::backdrop{background:rgb(12 13 16/.55)}
${D}>div{max-height:calc(100vh - 128px);max-height:calc(100dvh - 128px);overflow:auto;
overscroll-behavior:contain;border-radius:16px;background:var(--bg);
box-shadow:0 0 0 1px var(--edge),0 24px 64px rgb(0 0 0/.3),0 2px 8px rgb(0 0 0/.12)}
${D} iframe{display:block;width:100%}
${D} iframe[hidden]{visibility:hidden}
${D}>button{all:unset;position:absolute;right:0;bottom:calc(100% + 12px);box-sizing:border-box;
display:grid;place-items:center;width:44px;height:44px;border-radius:50%;background:var(--bg);
color:var(--fg);font:400 26px/1 system-ui,sans-serif;cursor:pointer;
box-shadow:0 0 0 1px var(--edge),0 4px 16px rgb(0 0 0/.25)}
${D}>button:hover{background:var(--hover)}
${D}>button:focus-visible{outline:3px solid var(--ring);outline-offset:3px}
@media (max-width:519.98px){${D}{width:100%;margin:auto 0 0}
${D}>div{max-height:calc(100vh - 72px);max-height:calc(100dvh - 72px);border-radius:16px 16px 0 0;
padding-bottom:env(safe-area-inset-bottom)}${D}>button{right:12px}}
`;

let sheet: CSSStyleSheet | undefined;

/**
 * Adopts the dialog's stylesheet into the document (once): a constructed stylesheet (CSSOM),
 * so no `<style>` element and no `style` attribute, and pages with a strict `style-src` need
 * no exception. A browser without constructed stylesheets shows the dialog's default look.
 */
export function adoptModalStyle(): void {
  try {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
    }
    if (!document.adoptedStyleSheets.includes(sheet)) {
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    }
  } catch {}
}

// The floor: the least an embed script can do. One bare iframe per element, pointing at an
// empty page on the script's own (cross-site) origin; no messaging, no observer, no styling.
(() => {
  const origin = new URL(document.currentScript.src).origin;
  for (const element of document.querySelectorAll("[data-whop-checkout-plan-id]")) {
    const frame = document.createElement("iframe");
    frame.src = `${origin}/embed/empty`;
    element.appendChild(frame);
  }
})();

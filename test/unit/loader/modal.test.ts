import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { open } from "../../../loader/modal.ts";
import { CHECKOUT, loadLoader, purchase, resetPage } from "./setup.ts";

beforeEach(resetPage);
afterEach(() => vi.restoreAllMocks());

/** Opens the modal with the loader's own mount; returns the promise and the dialog. */
async function opened() {
  const { mount } = await loadLoader();
  const opener = document.body.appendChild(document.createElement("button"));
  opener.focus();
  const result = open({ planId: "plan_abc", origin: CHECKOUT }, mount);
  const dialog = document.querySelector("dialog")!;
  return { result, dialog, opener, iframe: dialog.querySelector("iframe")! };
}

describe("the modal of open()", () => {
  it("shows the checkout in a labelled dialog, styled without style attributes, and never redirects", async () => {
    const { dialog, iframe } = await opened();
    expect(dialog.open).toBe(true);
    expect(dialog.getAttribute("aria-label")).toBe("Checkout");
    // Close first in focus order, then the checkout's panel.
    const close = dialog.firstElementChild!;
    expect(close.localName).toBe("button");
    expect(close.getAttribute("aria-label")).toBe("Close");
    expect(close.textContent).toBe("×");
    expect(iframe.parentElement!.parentElement).toBe(dialog);
    // Styled by a constructed stylesheet the document adopts, not inline.
    expect(document.querySelector("[style], style")).toBeNull();
    const rules = document.adoptedStyleSheets.flatMap((sheet) => [...sheet.cssRules]);
    expect(rules.some((rule) => rule.cssText.includes("::backdrop"))).toBe(true);
    // Without that stylesheet, the iframe's width attribute still fits the window.
    expect(Number(iframe.getAttribute("width"))).toBeLessThanOrEqual(480);
    expect(new URL(iframe.src).searchParams.get("skipRedirect")).toBe("true");
  });

  it("follows the theme option, the system's by default, and adopts its stylesheet once", async () => {
    const { dialog, result } = await opened();
    expect(dialog.dataset.theme).toBe("system");
    dialog.close();
    await result;
    const { mount } = await loadLoader();
    void open({ planId: "plan_abc", origin: CHECKOUT, theme: "dark" }, mount);
    expect(document.querySelector("dialog")!.dataset.theme).toBe("dark");
    const modalSheets = document.adoptedStyleSheets.filter((sheet) =>
      [...sheet.cssRules].some((rule) => rule.cssText.includes("dialog.whop-checkout-modal")),
    );
    expect(modalSheets).toHaveLength(1);
  });

  it("settles with the receipt after a purchase, then removes itself and gives focus back", async () => {
    const { result, dialog, iframe, opener } = await opened();
    iframe.parentElement!.dispatchEvent(
      new CustomEvent("whop-checkout:complete", { detail: purchase, cancelable: true }),
    );
    await expect(result).resolves.toEqual({ status: "ok", data: { receipt_id: "r_abc123" } });
    expect(dialog.isConnected).toBe(false);
    expect(iframe.isConnected).toBe(false);
    expect(document.activeElement).toBe(opener);
  });

  it("settles with an error when closed before a purchase", async () => {
    const { result, dialog } = await opened();
    (dialog.firstElementChild as HTMLButtonElement).click();
    await expect(result).resolves.toEqual({
      status: "error",
      error: "The checkout was closed before the purchase completed.",
    });
    expect(document.querySelector("dialog")).toBeNull();
  });
});

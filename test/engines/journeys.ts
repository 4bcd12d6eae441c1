// The core buyer journeys, written once against `Browser` and run in every engine
// (engines.test.ts). Each reads the page the way a buyer's browser shows it.
import { mkdirSync, writeFileSync } from "node:fs";
import { expect } from "vitest";
import {
  checkoutReady,
  fillCard,
  focused,
  INLINE,
  origins,
  paymentsOf,
  SCREENSHOT_DIR,
  screenshot,
  settledHeight,
  textOf,
  thankYou,
  uniqueEmail,
} from "./buyer-page.ts";
import type { Browser } from "./driver.ts";

export const journeys: Record<string, (browser: Browser) => Promise<void>> = {
  async "a purchase redirects to the merchant's thank-you page"(browser) {
    const { demo } = origins();
    await browser.goto(`${demo}/`);
    await checkoutReady(browser, INLINE);
    await screenshot(browser, "light");
    const sessionId = await browser.run(() =>
      document.querySelector("#checkout")!.getAttribute("data-whop-checkout-session-id"),
    );
    // The complete event, kept across the redirect in the tab's session storage.
    await browser.run(() =>
      document.addEventListener("whop-checkout:complete", (event) =>
        sessionStorage.setItem("complete", JSON.stringify((event as CustomEvent).detail)),
      ),
    );
    const email = uniqueEmail(browser, "redirect");
    await fillCard(browser, INLINE, email, "4242424242424242");
    await browser.click("[data-testid=pay]", INLINE);

    const query = await thankYou(browser, "$49.00", email);
    expect(query).toMatchObject({
      status: "success",
      plan_id: "plan_DemoOneTime01",
      session_id: sessionId,
    });
    const complete = JSON.parse((await browser.run(() => sessionStorage.getItem("complete")))!);
    expect(complete).toMatchObject({ status: "success", receipt_id: query.receipt_id });
    expect(complete.redirect_url).toBe(await browser.run(() => location.href));
    expect(paymentsOf(email)).toEqual([{ status: "succeeded", amount: 4900 }]);
  },

  async "a decline keeps the form and a retry with another card pays"(browser) {
    const { demo } = origins();
    await browser.goto(`${demo}/`);
    await checkoutReady(browser, INLINE);
    // Paying with an empty form moves focus to the first field to fix.
    await browser.click("[data-testid=pay]", INLINE);
    await browser.waitFor(
      "focus on the email field",
      () => document.activeElement?.id === "email",
      [],
      INLINE,
    );
    expect(await textOf(browser, "#email-error", INLINE)).toBe("Enter your email address.");

    const email = uniqueEmail(browser, "decline");
    await fillCard(browser, INLINE, email, "4000000000000002");
    await browser.click("[data-testid=pay]", INLINE);
    await browser.waitFor(
      "the decline message",
      () => document.querySelector("[data-testid=payment-error]")?.textContent,
      [],
      INLINE,
    );
    expect(await textOf(browser, "[data-testid=payment-error]", INLINE)).toBe(
      "Your card was declined. Try another card or contact your bank.",
    );
    expect(await browser.run(() => location.pathname)).toBe("/");

    await browser.clear("#cardNumber", INLINE);
    await browser.type("#cardNumber", "4242424242424242", INLINE);
    await browser.click("[data-testid=pay]", INLINE);
    await thankYou(browser, "$49.00", email);
    expect(paymentsOf(email).map((payment) => payment.status)).toEqual(["failed", "succeeded"]);
  },

  async "the 3-D Secure step takes focus and approving it pays"(browser) {
    const { demo } = origins();
    await browser.goto(`${demo}/`);
    await checkoutReady(browser, INLINE);
    const email = uniqueEmail(browser, "challenge");
    await fillCard(browser, INLINE, email, "4000000000003220");
    await browser.click("[data-testid=pay]", INLINE);
    await browser.waitFor(
      "focus on the challenge heading",
      () => document.activeElement?.id === "challenge-title",
      [],
      INLINE,
    );
    await browser.click(".challenge .pay", INLINE);
    await thankYou(browser, "$49.00", email);
    expect(paymentsOf(email)).toEqual([{ status: "succeeded", amount: 4900 }]);
  },

  async "a promo code lowers the total that is charged"(browser) {
    const { demo } = origins();
    await browser.goto(`${demo}/`);
    await checkoutReady(browser, INLINE);
    await browser.click(".promo-toggle", INLINE);
    await browser.waitFor(
      "focus on the promo field",
      () => document.activeElement?.id === "promo",
      [],
      INLINE,
    );
    await browser.type("#promo", "launch20", INLINE);
    await browser.press("Enter", INLINE);
    await browser.waitFor(
      "the applied code",
      () => document.querySelector("[data-testid=promo-applied]")?.textContent,
      [],
      INLINE,
    );
    expect(await textOf(browser, "[data-testid=promo-applied]", INLINE)).toContain(
      "LAUNCH20 applied",
    );
    expect(await textOf(browser, "[data-testid=total]", INLINE)).toBe("$39.20");
    const email = uniqueEmail(browser, "promo");
    await fillCard(browser, INLINE, email, "4242424242424242");
    expect(await textOf(browser, "[data-testid=pay]", INLINE)).toBe("Pay $39.20");
    await browser.click("[data-testid=pay]", INLINE);
    await thankYou(browser, "$39.20", email);
    expect(paymentsOf(email)).toEqual([{ status: "succeeded", amount: 3920 }]);
  },

  async "open() shows a dialog that Escape or Close closes, returning focus, and that can pay"(
    browser,
  ) {
    const { demo } = origins();
    const dialog = "dialog iframe";
    await browser.goto(`${demo}/modal.html`);
    await browser.click("#buy");
    await checkoutReady(browser, dialog);
    expect(await browser.run(() => document.querySelector("dialog")?.open)).toBe(true);
    // The checkout is shown in the dialog's panel, at full size: the middle of its iframe is
    // the iframe. (A flex layout once left it 0 px tall in WebKit: loaded, but nowhere.)
    await browser.waitFor("the dialog's checkout to be shown", () => {
      const iframe = document.querySelector("dialog iframe")!;
      const box = iframe.getBoundingClientRect();
      const middle = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return box.width >= 300 && box.height >= 400 && middle === iframe;
    });
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    writeFileSync(
      `${SCREENSHOT_DIR}/${browser.engine}-modal.png`,
      await browser.screenshot("html"),
    );
    await browser.press("Escape");
    await browser.waitFor("the dialog to close", () => !document.querySelector("dialog"));
    await browser.waitFor("the result", () =>
      document.querySelector("#result")?.getAttribute("data-status"),
    );
    expect(
      await browser.run(() => document.querySelector("#result")!.getAttribute("data-status")),
    ).toBe("error");
    expect(await focused(browser)).toBe("#buy");

    // Its round Close button, above the panel, closes it too.
    await browser.click("#buy");
    await checkoutReady(browser, dialog);
    await browser.click("dialog > button");
    await browser.waitFor("the dialog to close", () => !document.querySelector("dialog"));

    await browser.click("#buy");
    await checkoutReady(browser, dialog);
    await fillCard(browser, dialog, uniqueEmail(browser, "modal"), "4242424242424242");
    await browser.click("[data-testid=pay]", dialog);
    await browser.waitFor("the dialog to close", () => !document.querySelector("dialog"));
    expect(await textOf(browser, "#result")).toMatch(/^Purchased\. Receipt r_\w+\.$/);
    expect(await focused(browser)).toBe("#buy");
    expect(await browser.run(() => location.pathname)).toBe("/modal.html");
  },

  async "the strict-CSP page works, inline and in the dialog, with no violation"(browser) {
    const { demo } = origins();
    await browser.goto(`${demo}/strict-csp.html`);
    await checkoutReady(browser, INLINE);
    // The field errors make the checkout taller: the loader resizes it without inline styles.
    const before = await settledHeight(browser);
    await browser.click("[data-testid=pay]", INLINE);
    await browser.waitFor(
      "the iframe to grow with the errors",
      (before: number) =>
        Number(document.querySelector("#checkout iframe")!.getAttribute("height")) > before,
      [before],
    );
    // The open() dialog too, styled by its constructed stylesheet.
    await browser.click("#buy");
    await checkoutReady(browser, "dialog iframe");
    expect(
      await browser.run(
        () => getComputedStyle(document.querySelector("dialog > div")!).borderRadius,
      ),
    ).toBe("16px");
    await browser.press("Escape");
    await browser.waitFor("the dialog to close", () => !document.querySelector("dialog"));
    expect(await textOf(browser, "#violations")).toBe("0");
  },

  async "the dark theme applies from the first paint"(browser) {
    const { demo } = origins();
    await browser.goto(`${demo}/dark.html`);
    // The first check that can see the document finds it dark: the theme is in the served HTML.
    await browser.waitFor(
      "the dark document",
      () =>
        document.documentElement.dataset.theme === "dark" &&
        getComputedStyle(document.body).backgroundColor,
      [],
      INLINE,
    );
    expect(
      await browser.run(() => getComputedStyle(document.body).backgroundColor, [], INLINE),
    ).toBe("rgb(17, 18, 22)");
    await checkoutReady(browser, INLINE);
    await screenshot(browser, "dark");
  },

  async "a single-page app adds, re-themes, moves and removes embeds"(browser) {
    const { demo } = origins();
    const first = "#slots > :first-child iframe";
    await browser.goto(`${demo}/spa.html`);
    await browser.click("#add");
    await browser.click("#add");
    await checkoutReady(browser, first);
    await checkoutReady(browser, "#slots > :last-child iframe");
    expect(await textOf(browser, "#count")).toBe("2 checkouts on the page");

    // Re-theming talks to the live checkout: the same document turns dark and keeps its input.
    await browser.type("#email", "kept@example.com", first);
    await browser.click("#theme");
    await browser.waitFor(
      "the dark theme",
      () => document.documentElement.dataset.theme === "dark",
      [],
      first,
    );
    expect(
      await browser.run(() => document.querySelector<HTMLInputElement>("#email")!.value, [], first),
    ).toBe("kept@example.com");

    // Moved, the iframe reloads: it keeps the live theme and the email, never the card number.
    await browser.type("#cardNumber", "4242424242424242", first);
    await browser.click("#move");
    const moved = await browser.waitFor(
      "the moved checkout to come back with its theme and email",
      () => {
        const html = document.documentElement;
        const value = (id: string) => document.querySelector<HTMLInputElement>(id)?.value;
        return (
          html.dataset.theme === "dark" &&
          value("#email") === "kept@example.com" && { card: value("#cardNumber") }
        );
      },
      [],
      "#slots > :last-child iframe",
    );
    expect(moved).toEqual({ card: "" });

    await browser.click("#remove");
    await browser.click("#remove");
    await browser.waitFor("no iframe left", () => document.querySelectorAll("iframe").length === 0);
    expect(await textOf(browser, "#count")).toBe("0 checkouts on the page");
  },
};

// The checkout in a modal dialog (WhopCheckout.open), and both ways of embedding on a host page
// with a strict Content-Security-Policy.
import { strictCsp } from "../../demo/server/app.ts";
import { checkoutFrame, expect, fillCard, origins, recordEvents, test } from "./fixtures.ts";
import { hostPage, PLAN } from "./loader-pages.ts";

test("open() shows the checkout in a modal dialog and resolves with the receipt", async ({
  page,
  host,
}) => {
  await page.goto(
    host.page(
      "/modal.html",
      hostPage(
        `<button id="opener">Buy in a dialog</button>
         <script>
           document.getElementById("opener").addEventListener("click", async () => {
             window.result = await WhopCheckout.open({ planId: "${PLAN}", theme: "dark" });
           });
         </script>`,
      ),
    ),
  );
  const result = () => page.evaluate(() => (window as never as { result?: unknown }).result);

  // Escape closes it: an error result, and focus goes back to the opener.
  await page.getByRole("button", { name: "Buy in a dialog" }).click();
  const dialog = page.getByRole("dialog", { name: "Checkout" });
  await expect(dialog).toBeVisible();
  await expect(checkoutFrame(page, "dialog").getByLabel("Email")).toBeVisible();
  // Designed: a rounded panel in the theme's colours on a dimmed backdrop, the checkout at its
  // full width, a round 44 px Close button above it that starts with focus.
  const close = dialog.getByRole("button", { name: "Close" });
  await expect(close).toBeFocused();
  const look = await dialog.evaluate((element) => {
    const panel = element.querySelector("div")!;
    const button = element.querySelector("button")!.getBoundingClientRect();
    const frame = element.querySelector("iframe")!.getBoundingClientRect();
    const box = panel.getBoundingClientRect();
    return {
      radius: getComputedStyle(panel).borderRadius,
      background: getComputedStyle(panel).backgroundColor,
      backdrop: getComputedStyle(element, "::backdrop").backgroundColor,
      button: [button.width, button.height, button.bottom <= box.top],
      frameWidth: frame.width === box.width,
    };
  });
  expect(look).toEqual({
    radius: "16px",
    background: "rgb(17, 18, 22)",
    backdrop: "rgba(12, 13, 16, 0.55)",
    button: [44, 44, true],
    frameWidth: true,
  });
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect.poll(result).toMatchObject({ status: "error" });
  await expect(page.locator("#opener")).toBeFocused();

  // A click on the backdrop closes it too.
  await page.getByRole("button", { name: "Buy in a dialog" }).click();
  await expect(dialog).toBeVisible();
  await page.mouse.click(3, 3);
  await expect(dialog).toHaveCount(0);

  // A purchase resolves with the receipt id and closes the dialog, without navigating.
  await page.evaluate(() => {
    (window as never as { result?: unknown }).result = undefined;
  });
  await page.getByRole("button", { name: "Buy in a dialog" }).click();
  const frame = checkoutFrame(page, "dialog");
  await expect(frame.locator("html")).toHaveAttribute("data-theme", "dark");
  await fillCard(frame, {
    email: `modal-${Date.now()}@example.com`,
    number: "4242 4242 4242 4242",
  });
  await frame.getByRole("button", { name: /^Pay / }).click();
  await expect
    .poll(result)
    .toMatchObject({ status: "ok", data: { receipt_id: expect.stringMatching(/^r_/) } });
  await expect(dialog).toHaveCount(0);
  await expect(page.locator("#opener")).toBeFocused();
  expect(new URL(page.url()).pathname).toBe("/modal.html");
});

test("a host page with a strict CSP works, inline and in the modal, with no violation", async ({
  page,
  host,
}) => {
  const { consoleErrors, events } = await recordEvents(page);
  const checkout = origins().checkout;
  const csp = strictCsp(checkout);
  expect(csp).not.toContain("unsafe-inline");
  host.page(
    "/csp.js",
    `window.violations = [];
     document.addEventListener("securitypolicyviolation", (e) => window.violations.push(e.violatedDirective + " " + e.blockedURI));
     document.addEventListener("DOMContentLoaded", () => {
       document.getElementById("opener").addEventListener("click", async () => {
         window.result = await WhopCheckout.open({ planId: "${PLAN}" });
       });
     });`,
    { "Content-Type": "text/javascript; charset=utf-8" },
  );
  await page.goto(
    host.page(
      "/strict.html",
      `<!doctype html><html><head><meta charset="utf-8">
       <script src="/csp.js"></script>
       <script async src="%CHECKOUT_ORIGIN%/loader.js"></script>
       </head><body>
       <button id="opener">Buy in a dialog</button>
       <div data-whop-checkout-plan-id="${PLAN}" data-whop-checkout-theme-accent-color="#ff6243"><a href="/buy">Buy</a></div>
       </body></html>`,
      { "Content-Security-Policy": csp },
    ),
  );
  const inline = checkoutFrame(page, "body > div");
  await expect(inline.getByLabel("Email")).toBeVisible();
  // The iframe follows the height the checkout reports, set without an inline style.
  await expect
    .poll(async () => {
      const resize = events.filter((event) => event.type === "whop-checkout:resize").at(-1);
      const height = await page.locator("body > div iframe").getAttribute("height");
      return (
        resize !== undefined && height === String((resize.detail as { height: number }).height)
      );
    })
    .toBe(true);
  await page.getByRole("button", { name: "Buy in a dialog" }).click();
  await expect(checkoutFrame(page, "dialog").getByLabel("Email")).toBeVisible();
  await page.getByRole("dialog").getByRole("button", { name: "Close" }).click();
  await expect
    .poll(() => page.evaluate(() => (window as never as { result?: unknown }).result))
    .toMatchObject({
      status: "error",
    });
  expect(
    await page.evaluate(() => (window as never as { violations: string[] }).violations),
  ).toEqual([]);
  expect(consoleErrors.filter((text) => /Content.Security.Policy|Refused to/i.test(text))).toEqual(
    [],
  );
  // Nothing the loader added carries a style attribute, and it added no <style>.
  expect(await page.locator("[style], style").count()).toBe(0);
});

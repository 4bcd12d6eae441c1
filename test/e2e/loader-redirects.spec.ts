// Redirects the loader refuses after a purchase: a javascript: URL in a tampered answer, and a
// merchant's return-url that is neither an http(s) URL nor a path on the page's own origin.
import type { Page } from "@playwright/test";
import {
  checkoutFrame,
  expect,
  fillCard,
  type HostServer,
  origins,
  recordEvents,
  test,
} from "./fixtures.ts";
import { completeEvents, hostPage, PLAN, pay } from "./loader-pages.ts";

/**
 * Pays on a page whose container names `returnUrl` (put in the attribute as it is: none of
 * these values needs escaping) and waits for the redirect to the platform's thank-you page.
 */
async function payWithReturnUrl(page: Page, host: HostServer, returnUrl: string) {
  await page.goto(
    host.page(
      `/return-url-${Date.now()}.html`,
      hostPage(
        `<div id="buy" data-whop-checkout-plan-id="${PLAN}" data-whop-checkout-return-url="${returnUrl}"></div>`,
      ),
    ),
  );
  const frame = checkoutFrame(page);
  await fillCard(frame, {
    email: `return-url-${Date.now()}@example.com`,
    number: "4242 4242 4242 4242",
  });
  await frame.getByRole("button", { name: /^Pay / }).click();
  await page.waitForURL(/\/thank-you\.html\?/);
}

test("a javascript: redirect URL from a tampered answer is refused", async ({ page, host }) => {
  const { events, consoleErrors } = await recordEvents(page);
  let dialogs = 0;
  page.on("dialog", (dialog) => {
    dialogs += 1;
    void dialog.dismiss();
  });
  await page.route(`${origins().checkout}/api/v1/payments`, async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    body.redirect_url = "javascript:alert(document.domain)";
    await route.fulfill({ response, json: body });
  });
  const url = host.page(
    "/tampered.html",
    hostPage(`<div id="buy" data-whop-checkout-plan-id="${PLAN}"></div>`),
  );
  await page.goto(url);
  await pay(checkoutFrame(page), `tampered-${Date.now()}@example.com`);
  await expect
    .poll(() => consoleErrors.find((text) => text.includes("javascript:alert(document.domain)")))
    .toBe(
      '[whop-checkout] Not redirected: "javascript:alert(document.domain)" is not an http(s) URL. #buy',
    );
  expect(completeEvents(events)).toHaveLength(1);
  expect(page.url()).toBe(url);
  expect(dialogs).toBe(0);
});

test("a javascript: return-url is refused, named, and the platform's redirect is used", async ({
  page,
  host,
}) => {
  const { consoleErrors } = await recordEvents(page);
  await payWithReturnUrl(page, host, "javascript:alert(1)");
  expect(new URL(page.url()).origin).toBe(origins().demo);
  expect(consoleErrors).toContain(
    `[whop-checkout] data-whop-checkout-return-url="javascript:alert(1)" is not an http(s) URL or a path; the platform's redirect setting applies. #buy`,
  );
});

test("a return-url path that resolves to another origin is refused, named, and the platform's redirect is used", async ({
  page,
  host,
}) => {
  const { consoleErrors } = await recordEvents(page);
  const visited: string[] = [];
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) visited.push(new URL(frame.url()).origin);
  });
  await payWithReturnUrl(page, host, "/\\evil.example/x");
  expect(new URL(page.url()).origin).toBe(origins().demo);
  expect(visited.every((origin) => origin !== "http://evil.example")).toBe(true);
  expect(consoleErrors).toContain(
    `[whop-checkout] data-whop-checkout-return-url="/\\evil.example/x" is not an http(s) URL or a path; the platform's redirect setting applies. #buy`,
  );
});

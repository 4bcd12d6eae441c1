import { checkoutFrame, expect, fillCard, recordEvents, test } from "./fixtures.ts";
import { hostPage, PLAN } from "./loader-pages.ts";

test("an unknown plan id shows 'This plan is not available' in the iframe", async ({
  page,
  host,
}) => {
  await page.goto(
    host.page(
      "/unknown.html",
      hostPage(`<div data-whop-checkout-plan-id="plan_DoesNotExist1"></div>`),
    ),
  );
  await expect(checkoutFrame(page).getByTestId("unavailable")).toHaveText(
    "This plan is not available.",
  );
});

test("a malformed or empty plan id mounts nothing and names the element", async ({
  page,
  host,
}) => {
  const { consoleErrors } = await recordEvents(page);
  const url = host.page(
    "/malformed.html",
    hostPage(`<div id="empty" data-whop-checkout-plan-id=""><a href="/buy">Buy</a></div>
     <div id="bad" data-whop-checkout-plan-id="price_123"></div>`),
  );
  await page.goto(url);
  const loaderErrors = () => consoleErrors.filter((text) => text.startsWith("[whop-checkout]"));
  await expect.poll(() => loaderErrors().length).toBe(2);
  const [empty, bad] = loaderErrors();
  expect(empty).toContain("#empty");
  expect(bad).toContain("#bad");
  expect(bad).toContain('data-whop-checkout-plan-id="price_123"');
  await expect(page.locator("iframe")).toHaveCount(0);
  // Fallback content stays where nothing was mounted.
  await expect(page.getByRole("link", { name: "Buy" })).toBeVisible();
});

test("bad optional values are each named once in the console, and their defaults apply", async ({
  page,
  host,
}) => {
  const { consoleErrors } = await recordEvents(page);
  await page.goto(
    host.page(
      "/bad-values.html",
      hostPage(`<div id="buy" data-whop-checkout-plan-id="${PLAN}"
        data-whop-checkout-theme="neon" data-whop-checkout-theme-accent-color="tomato"
        data-whop-checkout-prefill-email="not-an-email" data-whop-checkout-hide-prize></div>`),
    ),
  );
  const frame = checkoutFrame(page);
  await expect(frame.getByRole("button", { name: "Pay $49.00" })).toBeVisible();
  const loaderErrors = () => consoleErrors.filter((text) => text.startsWith("[whop-checkout]"));
  await expect.poll(() => loaderErrors().length).toBe(4);
  expect(loaderErrors()).toEqual([
    '[whop-checkout] data-whop-checkout-theme="neon" is not light, dark or system; the default (system) applies. #buy',
    '[whop-checkout] data-whop-checkout-theme-accent-color="tomato" is not a hex colour (#rgb or #rrggbb); the default accent applies. #buy',
    '[whop-checkout] data-whop-checkout-prefill-email="not-an-email" is not an email address; the field starts empty. #buy',
    '[whop-checkout] data-whop-checkout-hide-prize="" is not a checkout setting; it is ignored. Did you mean data-whop-checkout-hide-price="…"? #buy',
  ]);
  // The defaults: the OS theme, an empty email field, the price shown.
  await expect(frame.locator("html")).toHaveAttribute("data-theme", "system");
  await expect(frame.getByLabel("Email")).toHaveValue("");

  // A theme changed live is checked the same way; a good one applies without a reload.
  // Marks the iframe element: a remount would replace it.
  await page
    .locator("#buy iframe")
    .evaluate((iframe) => iframe.setAttribute("data-test-first", ""));
  await page
    .locator("#buy")
    .evaluate((element) => element.setAttribute("data-whop-checkout-theme", "sepia"));
  await expect
    .poll(() => loaderErrors().at(-1))
    .toBe(
      '[whop-checkout] data-whop-checkout-theme="sepia" is not light, dark or system; the default (system) applies. #buy',
    );
  await page
    .locator("#buy")
    .evaluate((element) => element.setAttribute("data-whop-checkout-theme", "dark"));
  await expect(frame.locator("html")).toHaveAttribute("data-theme", "dark");
  await expect(page.locator("#buy iframe")).toHaveAttribute("data-test-first", "");
});

test("an on-complete name that is not a global function is named when it would be called", async ({
  page,
  host,
}) => {
  const { consoleErrors } = await recordEvents(page);
  await page.goto(
    host.page(
      "/no-callback.html",
      hostPage(`<div id="buy" data-whop-checkout-plan-id="${PLAN}"
        data-whop-checkout-on-complete="notDefined" data-whop-checkout-skip-redirect></div>`),
    ),
  );
  const frame = checkoutFrame(page);
  await fillCard(frame, {
    email: `no-callback-${Date.now()}@example.com`,
    number: "4242 4242 4242 4242",
  });
  await frame.getByRole("button", { name: "Pay $49.00" }).click();
  await expect(frame.getByTestId("success")).toBeVisible();
  await expect
    .poll(() => consoleErrors.filter((text) => text.startsWith("[whop-checkout]")))
    .toEqual([
      '[whop-checkout] data-whop-checkout-on-complete="notDefined" is not a global function; nothing was called. #buy',
    ]);
});

import { checkoutFrame, expect, recordEvents, test } from "./fixtures.ts";

const withLoader = (body: string) =>
  `<!doctype html><html><head><script src="%CHECKOUT_ORIGIN%/loader.js"></script></head><body>${body}</body></html>`;

test("an unknown plan id shows 'This plan is not available' in the iframe", async ({
  page,
  host,
}) => {
  await page.goto(
    host.page(
      "/unknown.html",
      withLoader(`<div data-whop-checkout-plan-id="plan_DoesNotExist1"></div>`),
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
    withLoader(`<div id="empty" data-whop-checkout-plan-id=""><a href="/buy">Buy</a></div>
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

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { checkoutFrame, expect, fillCard, origins, queryDb, test } from "./fixtures.ts";

test("the buy-now page opens the checkout in a modal and reports the receipt", async ({ page }) => {
  const { demo } = origins();
  await page.goto(`${demo}/modal.html`);
  const buy = page.getByRole("button", { name: /Buy now/ });
  await expect.poll(() => page.evaluate(() => "WhopCheckout" in window)).toBe(true);

  // Escape closes it without a purchase, and focus returns to the button.
  await buy.click();
  await expect(page.locator("dialog[open] iframe")).toBeVisible();
  await expect(page.frameLocator("dialog iframe").getByLabel("Email")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(page.locator("dialog[open]")).toHaveCount(0);
  await expect(page.locator("#result")).toHaveAttribute("data-status", "error");
  await expect(buy).toBeFocused();

  await buy.click();
  const frame = page.frameLocator("dialog iframe");
  const email = `modal-${Date.now()}@example.com`;
  await fillCard(frame, { email, number: "4242 4242 4242 4242" });
  await frame.getByRole("button", { name: /Pay/ }).click();
  await expect(page.locator("#result")).toHaveText(/^Purchased\. Receipt r_\w+\.$/);
  expect(page.url()).toBe(`${demo}/modal.html`);
  const receipt = /Receipt (r_\w+)/.exec(await page.locator("#result").innerText())![1];
  const rows = queryDb<{ email: string }>(
    "SELECT p.email FROM receipts r JOIN payments p ON p.id = r.payment_id WHERE r.id = ?",
    receipt,
  );
  expect(rows).toEqual([{ email }]);
});

test("the own-button page submits, reads and sets the email through the API", async ({ page }) => {
  const { demo } = origins();
  await page.goto(`${demo}/custom-button.html`);
  const frame = checkoutFrame(page);
  await expect(frame.getByLabel("Email")).toBeVisible();
  // The checkout's own pay button is hidden; the page's button is the only one.
  await expect(frame.getByRole("button", { name: /Pay/ })).toHaveCount(0);

  await page.getByRole("button", { name: "Use ana@example.com" }).click();
  await expect(frame.getByLabel("Email")).toHaveValue("ana@example.com");
  await frame.getByLabel("Email").fill("buyer.own-button@example.com");
  await page.getByRole("button", { name: "Read the email" }).click();
  await expect(page.locator("#email-status")).toHaveText(
    "The checkout's email is buyer.own-button@example.com.",
  );

  await fillCard(frame, { email: "buyer.own-button@example.com", number: "4242 4242 4242 4242" });
  await page.getByRole("button", { name: "Complete purchase" }).click();
  await expect(page.locator("#email-status")).toHaveText(/^Paid\. Receipt r_\w+\.$/);
  expect(page.url()).toBe(`${demo}/custom-button.html`);
});

test("the versioned loader with its Subresource Integrity hash loads and mounts", async ({
  page,
  host,
}) => {
  const integrity = `sha384-${createHash("sha384").update(readFileSync("dist/loader.js")).digest("base64")}`;
  const readme = readFileSync("README.md", "utf8");
  expect(readme).toContain(integrity);
  const url = host.page(
    "/sri.html",
    `<!doctype html><html><head>
      <script async src="%CHECKOUT_ORIGIN%/v1/loader.js" integrity="${integrity}" crossorigin="anonymous"></script>
    </head><body><div data-whop-checkout-plan-id="plan_DemoOneTime01"></div></body></html>`,
  );
  await page.goto(url);
  await expect(checkoutFrame(page).getByLabel("Email")).toBeVisible();

  // A tampered hash blocks the script: nothing mounts.
  const tampered = host.page(
    "/sri-bad.html",
    `<!doctype html><html><head>
      <script async src="%CHECKOUT_ORIGIN%/v1/loader.js" integrity="sha384-${"A".repeat(64)}" crossorigin="anonymous"></script>
    </head><body><div data-whop-checkout-plan-id="plan_DemoOneTime01"></div></body></html>`,
  );
  await page.goto(tampered);
  await page.waitForLoadState("load");
  await expect(page.locator("iframe")).toHaveCount(0);
});

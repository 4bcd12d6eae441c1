import {
  expectNoAxeViolations,
  fillPayment,
  JOURNAL,
  openCheckout,
  uniqueEmail,
} from "./checkout-helpers.ts";
import { checkoutFrame, expect, queryDb, test } from "./fixtures.ts";

const ONE_TIME = "plan_DemoOneTime01";

for (const theme of ["light", "dark"]) {
  test.describe(`axe-core finds no violations (${theme})`, () => {
    // Each test runs axe over four or five states, 15–20 s on an idle 2-core machine: twice
    // the usual limit, so that a busy machine does not fail them.
    test.describe.configure({ timeout: 60_000 });
    test("form, field errors, promo error, decline", async ({ page }) => {
      await openCheckout(page, { planId: ONE_TIME, theme });
      await expectNoAxeViolations(page, "form");
      await page.getByRole("button", { name: "Pay $49.00" }).click();
      await expect(page.locator("#email-error")).not.toBeEmpty();
      await expectNoAxeViolations(page, "field errors");
      await page.getByRole("button", { name: "Promo code" }).click();
      await page.getByLabel("Promo code").fill("EXPIRED");
      await page.getByRole("button", { name: "Apply" }).click();
      await expect(page.getByTestId("promo-error")).not.toBeEmpty();
      await expectNoAxeViolations(page, "promo error");
      await fillPayment(page, { number: "4000 0000 0000 0002" });
      await page.getByRole("button", { name: "Pay $49.00" }).click();
      await expect(page.getByTestId("payment-error")).not.toBeEmpty();
      await expectNoAxeViolations(page, "decline");
    });

    test("challenge and success", async ({ page }) => {
      await openCheckout(page, { planId: ONE_TIME, theme });
      await fillPayment(page, { number: "4000 0000 0000 3220" });
      await page.getByRole("button", { name: "Pay $49.00" }).click();
      await expect(page.getByTestId("challenge")).toBeVisible();
      await expectNoAxeViolations(page, "challenge");
      await page.getByRole("button", { name: "Approve" }).click();
      await expect(page.getByTestId("success")).toBeVisible();
      await expectNoAxeViolations(page, "success");
    });

    test("waitlist, its confirmation, sold out, unavailable, trial", async ({ page }) => {
      await openCheckout(page, { planId: "plan_DemoWaitlist1", theme });
      await expectNoAxeViolations(page, "waitlist");
      await page.getByLabel("Email").fill(uniqueEmail("axe"));
      await page.getByLabel("Discord username").fill("axe#1");
      await page.getByRole("button", { name: "Join the waitlist" }).click();
      await expect(page.getByTestId("success")).toBeVisible();
      await expectNoAxeViolations(page, "waitlist confirmation");
      await openCheckout(page, { planId: "plan_DemoSoldOut01", theme });
      await expectNoAxeViolations(page, "sold out");
      await openCheckout(page, { planId: "plan_DemoArchived1", theme });
      await expectNoAxeViolations(page, "archived");
      await openCheckout(page, { planId: "plan_DemoTrial0001", theme, locale: "ja" });
      await expectNoAxeViolations(page, "trial in Japanese");
    });
  });
}

test("the system theme passes axe under a dark OS setting", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await openCheckout(page, { planId: ONE_TIME, theme: "system" });
  await expect(page.locator("body")).toHaveCSS("background-color", "rgb(17, 18, 22)");
  await expectNoAxeViolations(page, "system dark");
});

test("a full purchase with the keyboard only, inside the embedded iframe", async ({
  page,
  host,
}) => {
  const email = uniqueEmail("keyboard");
  await page.goto(
    host.page(
      "/keyboard.html",
      `<!doctype html><html><head><script src="%CHECKOUT_ORIGIN%/loader.js"></script>
      <script>addEventListener("whop-checkout:complete", (event) => event.preventDefault());</script>
      </head><body><a href="#top">Merchant link</a>
      <div id="checkout" data-whop-checkout-plan-id="${ONE_TIME}"></div></body></html>`,
    ),
  );
  const frame = checkoutFrame(page);
  await expect(frame.getByLabel("Email")).toBeVisible();
  await page.getByRole("link", { name: "Merchant link" }).focus();
  // Tab from the host page into the checkout, then through every field in order.
  await page.keyboard.press("Tab");
  await expect(frame.getByLabel("Email")).toBeFocused();
  await page.keyboard.type(email);
  await page.keyboard.press("Tab");
  await expect(frame.getByLabel("Card number")).toBeFocused();
  await page.keyboard.type("4242424242424242");
  await page.keyboard.press("Tab");
  await page.keyboard.type("1234");
  await page.keyboard.press("Tab");
  await page.keyboard.type("123");
  await page.keyboard.press("Tab");
  await expect(frame.getByLabel("Name on card")).toBeFocused();
  await page.keyboard.type("Key Board");
  await page.keyboard.press("Tab");
  await expect(frame.getByLabel("Country or region")).toBeFocused();
  // Open the promo field with the keyboard and apply a code with Enter.
  await page.keyboard.press("Tab");
  await expect(frame.getByRole("button", { name: "Promo code" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(frame.getByLabel("Promo code")).toBeFocused();
  await page.keyboard.type("SAVE10");
  await page.keyboard.press("Enter");
  await expect(frame.getByTestId("total")).toHaveText("$39.00");
  // Enter in a form field submits the payment.
  await frame.getByLabel("Name on card").focus();
  await page.keyboard.press("Enter");
  await expect(frame.getByRole("heading", { name: "Payment successful" })).toBeFocused();
  const rows = queryDb<{ status: string; amount: number }>(
    "SELECT status, amount FROM payments WHERE email = ?",
    email,
  );
  expect(rows).toEqual([{ status: "succeeded", amount: 3900 }]);
});

for (const theme of ["light", "dark"]) {
  test(`the address form is axe-clean, with its errors too (${theme})`, async ({ page }) => {
    await openCheckout(page, {
      planId: JOURNAL,
      theme,
      collectAddress: "",
      prefillAddressCountry: "US",
    });
    await expectNoAxeViolations(page, `address form, ${theme}`);
    await page.getByTestId("pay").click();
    await expect(page.locator('[id="billing_address.state-error"]')).toHaveText(
      "Enter your state or region.",
    );
    await expectNoAxeViolations(page, `address form with errors, ${theme}`);
  });
}

test("right to left: the address form in Arabic, axe-clean", async ({ page }) => {
  await openCheckout(page, { planId: JOURNAL, locale: "ar", collectAddress: "" });
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  const billing = page.getByRole("group", { name: "عنوان الفوترة" });
  await expect(billing).toBeVisible();
  // Labels and fields start at the right, as the rest of the form does.
  const field = await billing.getByLabel("المدينة").boundingBox();
  const label = await billing.getByText("المدينة", { exact: true }).boundingBox();
  expect(label!.x + label!.width).toBeCloseTo(field!.x + field!.width, 0);
  await page.getByTestId("pay").click();
  await expect(page.locator("#phone-error")).toHaveText("أدخل رقم هاتفك.");
  await expectNoAxeViolations(page, "address form, Arabic");
});

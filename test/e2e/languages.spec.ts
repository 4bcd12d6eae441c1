import type { Page } from "@playwright/test";
import { ar } from "../../src/locales/ar.ts";
import { he } from "../../src/locales/he.ts";
import { expectNoAxeViolations, openCheckout, uniqueEmail } from "./checkout-helpers.ts";
import { expect, queryDb, test } from "./fixtures.ts";

const ONE_TIME = "plan_DemoOneTime01";

/** The pay button's text as the page's own Intl formats $49.00 for its language. */
const payLabel = (page: Page, template: string) =>
  page.evaluate(
    (text) =>
      text.replace(
        "{a}",
        new Intl.NumberFormat(document.documentElement.lang, {
          style: "currency",
          currency: "USD",
        }).format(49),
      ),
    template,
  );

/** Fills the form through the translated labels, the way a buyer reading `messages` would. */
async function fillInLanguage(page: Page, messages: typeof ar, email: string) {
  await page.getByLabel(messages.email).fill(email);
  await page.getByLabel(messages.number).fill("4242 4242 4242 4242");
  await page.getByLabel(messages.expiry.replace("{f}", messages.expFormat)).fill("12/34");
  await page.getByLabel(messages.cvc).fill("123");
  await page.getByLabel(messages.name).fill("ليلى أحمد");
}

for (const [locale, messages] of [
  ["ar", ar],
  ["he", he],
] as const) {
  for (const theme of ["light", "dark"]) {
    test(`the checkout in ${locale} is laid out right to left and passes axe (${theme})`, async ({
      page,
    }) => {
      await openCheckout(page, { planId: ONE_TIME, locale, theme });
      // From the first paint: the server's HTML carries the direction, not the app.
      const shell = await (await page.request.get(page.url())).text();
      expect(shell).toContain(`<html lang="${locale}" dir="rtl"`);
      await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
      await expect(page.locator("html")).toHaveAttribute("lang", locale);
      await expect(page.locator("body")).toHaveCSS("direction", "rtl");

      // Card data and email read left to right; the layout around them mirrors.
      for (const label of [messages.email, messages.number, messages.cvc]) {
        await expect(page.getByLabel(label)).toHaveAttribute("dir", "ltr");
        await expect(page.getByLabel(label)).toHaveCSS("direction", "ltr");
        await expect(page.getByLabel(label)).toHaveCSS("text-align", "right");
      }
      const expiry = page.getByLabel(messages.expiry.replace("{f}", messages.expFormat));
      await expect(expiry).toHaveAttribute("dir", "ltr");
      await expect(expiry).toHaveAttribute("placeholder", messages.expFormat);
      const expiryBox = (await expiry.boundingBox())!;
      const cvcBox = (await page.getByLabel(messages.cvc).boundingBox())!;
      expect(expiryBox.x, "expiry sits right of the security code").toBeGreaterThan(cvcBox.x);
      const labelBox = (await page.getByText(messages.country, { exact: true }).boundingBox())!;
      const selectBox = (await page.getByLabel(messages.country).boundingBox())!;
      expect(labelBox.x + labelBox.width).toBeCloseTo(selectBox.x + selectBox.width, 0);

      const pay = await payLabel(page, messages.pay);
      await expect(page.getByRole("button", { name: pay })).toBeVisible();
      await expectNoAxeViolations(page, `${locale} form`);
      await page.getByRole("button", { name: pay }).click();
      await expect(page.locator("#email-error")).toHaveText(messages.eEmail);
      await expectNoAxeViolations(page, `${locale} field errors`);
    });
  }
}

test("a purchase completes in Arabic, with the amount formatted for Arabic", async ({ page }) => {
  const email = uniqueEmail("arabic");
  await openCheckout(page, { planId: ONE_TIME, locale: "ar" });
  await fillInLanguage(page, ar, email);
  await page.getByRole("button", { name: await payLabel(page, ar.pay) }).click();
  await expect(page.getByRole("heading", { name: ar.paid })).toBeVisible();
  await expect(page.getByTestId("success")).toContainText(email);
  await expectNoAxeViolations(page, "ar success");
  const rows = queryDb<{ status: string; amount: number }>(
    "SELECT status, amount FROM payments WHERE email = ?",
    email,
  );
  expect(rows).toEqual([{ status: "succeeded", amount: 4900 }]);
});

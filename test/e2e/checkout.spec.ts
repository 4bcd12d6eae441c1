import { fillPayment, openCheckout, uniqueEmail } from "./checkout-helpers.ts";
import { expect, queryDb, test } from "./fixtures.ts";

const ONE_TIME = "plan_DemoOneTime01";

test.describe("the form", () => {
  test("a click on Pay just after a bad value still submits: no error moves the button under the pointer", async ({
    page,
  }) => {
    await openCheckout(page, { planId: ONE_TIME });
    await page.getByLabel("Email").fill("not-an-email");
    // Pressed near its upper edge, where a shift of a few pixels would move the button away
    // between mouse down (which used to blur the field, showing its error above) and mouse up.
    // A person's press lasts a moment: the page renders between mouse down and mouse up.
    const box = (await page.getByTestId("pay").boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 3);
    await page.mouse.down();
    await page.waitForTimeout(150);
    await page.mouse.up();
    await expect(page.locator("#cardNumber-error")).toHaveText("Enter your card number.");
  });

  test("validates on blur, announces errors and focuses the first invalid field", async ({
    page,
  }) => {
    await openCheckout(page, { planId: ONE_TIME });
    await page.getByLabel("Email").fill("not-an-email");
    await page.getByLabel("Email").blur();
    const emailError = page.locator("#email-error");
    await expect(emailError).toHaveText("Enter a valid email address, like name@example.com.");
    await expect(emailError).toHaveAttribute("aria-live", "polite");
    await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");

    await page.getByLabel("Card number").fill("4242424242424242");
    await expect(page.getByLabel("Card number")).toHaveValue("4242 4242 4242 4242");
    await expect(page.locator(".badge")).toHaveText("Visa");
    await page.getByLabel("Card number").fill("378282246310005");
    await expect(page.getByLabel("Card number")).toHaveValue("3782 822463 10005");
    await expect(page.locator(".badge")).toHaveText("Amex");
    await page.getByLabel("Security code").fill("123");
    await page.getByLabel("Security code").blur();
    await expect(page.locator("#cvc-error")).toHaveText("The security code is 4 digits.");
    await page.getByLabel("Expiry (MM / YY)").fill("0120");
    await expect(page.getByLabel("Expiry (MM / YY)")).toHaveValue("01 / 20");
    await page.getByLabel("Expiry (MM / YY)").blur();
    await expect(page.locator("#expiry-error")).toHaveText(
      "Your card's expiry date is in the past.",
    );

    await page.getByRole("button", { name: "Pay $49.00" }).click();
    await expect(page.getByLabel("Email")).toBeFocused();
    await expect(page.locator("#name-error")).toHaveText("Enter the name on your card.");
  });

  test("the expiry reads every pasted, autofilled or typed spelling as one month", async ({
    page,
  }) => {
    await openCheckout(page, { planId: ONE_TIME });
    const expiry = page.getByLabel("Expiry (MM / YY)");
    await expect(expiry).toHaveAttribute("placeholder", "MM / YY");
    await expect(expiry).toHaveAttribute("autocomplete", "cc-exp");
    for (const spelling of ["12 / 34", "12/34", "1234", "12/2034", "12-34", " 12 /34 "]) {
      await expiry.fill(spelling);
      await expect(expiry, spelling).toHaveValue("12 / 34");
    }
    await expiry.fill("1/34");
    await expect(expiry).toHaveValue("01 / 34");
    await expiry.fill("");
    await expiry.pressSequentially("1234");
    await expect(expiry).toHaveValue("12 / 34");
    await expiry.press("Backspace");
    await expiry.press("Backspace");
    await expect(expiry).toHaveValue("12");

    // A pasted four-digit year reaches the platform as that month and year.
    await fillPayment(page, { number: "4242 4242 4242 4242", expiry: "12/2034" });
    const request = page.waitForRequest((req) => req.method() === "POST" && !!req.postData());
    await page.getByRole("button", { name: "Pay $49.00" }).click();
    expect((await request).postDataJSON().card).toMatchObject({ exp_month: 12, exp_year: 2034 });
    await expect(page.getByTestId("success")).toBeVisible();
  });

  test("email and name are prefilled from the embed parameters", async ({ page }) => {
    await openCheckout(page, {
      planId: ONE_TIME,
      prefillEmail: "pre@example.com",
      prefillName: "Pre Filled",
    });
    await expect(page.getByLabel("Email")).toHaveValue("pre@example.com");
    await expect(page.getByLabel("Name on card")).toHaveValue("Pre Filled");
  });

  test("hidePrice, hideSubmitButton and hideTos hide those parts; the terms link otherwise", async ({
    page,
  }) => {
    await openCheckout(page, { planId: ONE_TIME });
    await expect(page.getByRole("link", { name: "terms of service" })).toHaveAttribute(
      "href",
      /\/terms\.html$/,
    );
    await openCheckout(page, {
      planId: ONE_TIME,
      hidePrice: "",
      hideSubmitButton: "",
      hideTos: "",
    });
    await expect(page.getByLabel("Email")).toBeVisible();
    await expect(page.getByTestId("price")).toHaveCount(0);
    await expect(page.getByTestId("pay")).toHaveCount(0);
    await expect(page.getByTestId("tos")).toHaveCount(0);
  });

  test("the accent colour themes the pay button with readable text", async ({ page }) => {
    await openCheckout(page, { planId: ONE_TIME, themeAccentColor: "#ffe14d" });
    const pay = page.getByTestId("pay");
    await expect(pay).toHaveCSS("background-color", "rgb(255, 225, 77)");
    await expect(pay).toHaveCSS("color", "rgb(17, 19, 24)");
  });

  test("the locale translates the checkout and formats money for it", async ({ page }) => {
    const cases = [
      ["es", "Correo electrónico", "Pagar 49,00 US$"],
      ["fr", "E-mail", "Payer 49,00 $US"],
      ["de", "E-Mail", "49,00 $ bezahlen"],
      ["pt-BR", "E-mail", "Pagar US$ 49,00"],
      ["ja", "メールアドレス", "$49.00 を支払う"],
    ];
    for (const [locale, email, pay] of cases) {
      await openCheckout(page, { planId: ONE_TIME, locale: locale! });
      await expect(page.locator("html")).toHaveAttribute("lang", locale!);
      await expect(page.getByLabel(email!, { exact: true })).toBeVisible();
      const text = (await page.getByTestId("pay").textContent())!.replace(/[\u00a0\u202f]/g, " ");
      expect(text, locale).toBe(pay);
    }
  });
});

test.describe("promo codes", () => {
  test("a valid code shows the new total and is charged; bad codes explain why", async ({
    page,
  }) => {
    const email = uniqueEmail("promo");
    await openCheckout(page, { planId: ONE_TIME });
    await page.getByRole("button", { name: "Promo code" }).click();
    const code = page.getByLabel("Promo code");
    await expect(code).toBeFocused();
    await code.fill("NOPE");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByTestId("promo-error")).toHaveText(
      "This promo code isn't valid. Check the spelling or try another code.",
    );
    await code.fill("EXPIRED");
    await code.press("Enter");
    await expect(page.getByTestId("promo-error")).toHaveText("This promo code has expired.");
    await code.fill("launch20");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByTestId("promo-applied")).toContainText("LAUNCH20 applied");
    await expect(page.getByTestId("total")).toHaveText("$39.20");
    await fillPayment(page, { email, number: "4242 4242 4242 4242" });
    await page.getByRole("button", { name: "Pay $39.20" }).click();
    await expect(page.getByTestId("success")).toContainText("$39.20 paid");
    const rows = queryDb<{ amount: number }>("SELECT amount FROM payments WHERE email = ?", email);
    expect(rows).toEqual([expect.objectContaining({ amount: 3920 })]);
  });
});

test.describe("outcomes", () => {
  const declines = [
    ["4000 0000 0000 0002", "Your card was declined. Try another card or contact your bank."],
    ["4000 0000 0000 9995", "Your card has insufficient funds. Try another card."],
    ["4000 0000 0000 0069", "Your card has expired. Check the expiry date or use another card."],
  ];
  for (const [number, message] of declines) {
    test(`${number} shows its own message and keeps the form`, async ({ page }) => {
      await openCheckout(page, { planId: ONE_TIME });
      await fillPayment(page, { number: number! });
      await page.getByRole("button", { name: "Pay $49.00" }).click();
      await expect(page.getByTestId("payment-error")).toHaveText(message!);
      await expect(page.getByLabel("Card number")).toHaveValue(number!);
      await expect(page.getByRole("button", { name: "Pay $49.00" })).toBeEnabled();
    });
  }

  test("the 3-D Secure step: approve succeeds, fail declines", async ({ page }) => {
    const email = uniqueEmail("challenge");
    await openCheckout(page, { planId: ONE_TIME });
    await fillPayment(page, { email, number: "4000 0000 0000 3220" });
    await page.getByRole("button", { name: "Pay $49.00" }).click();
    await expect(page.getByRole("heading", { name: "Confirm this payment" })).toBeFocused();
    await page.getByRole("button", { name: "Fail authentication" }).click();
    await expect(page.getByTestId("payment-error")).toHaveText(
      "Your card was declined. Try another card or contact your bank.",
    );
    // A new attempt: a new payment, challenged again, approved this time.
    await page.getByRole("button", { name: "Pay $49.00" }).click();
    await page.getByRole("button", { name: "Approve" }).click();
    await expect(page.getByTestId("success")).toContainText("Payment successful");
    await expect(page.getByTestId("receipt-id")).toHaveText(/^r_/);
    const rows = queryDb<{ status: string }>(
      "SELECT status FROM payments WHERE email = ? ORDER BY created_at",
      email,
    );
    expect(rows.map((row) => row.status)).toEqual(["failed", "succeeded"]);
  });

  test("a network failure keeps the form and retries with the same idempotency key", async ({
    page,
  }) => {
    const email = uniqueEmail("retry");
    const keys: string[] = [];
    let failNext = true;
    await page.route("**/api/v1/payments", async (route) => {
      keys.push(route.request().headers()["idempotency-key"]!);
      if (failNext) {
        failNext = false;
        // The platform charged, but the answer never reached the buyer.
        await route.fetch();
        await route.abort("connectionreset");
      } else {
        await route.continue();
      }
    });
    await openCheckout(page, { planId: ONE_TIME });
    await fillPayment(page, { email, number: "4242 4242 4242 4242" });
    await page.getByRole("button", { name: "Pay $49.00" }).click();
    await expect(page.getByTestId("payment-error")).toHaveText(
      "We couldn't reach the checkout server. Check your connection and try again.",
    );
    await expect(page.getByLabel("Email")).toHaveValue(email);
    await page.getByRole("button", { name: "Try again · $49.00" }).click();
    await expect(page.getByTestId("success")).toBeVisible();
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
    const rows = queryDb<{ id: string }>("SELECT id FROM payments WHERE email = ?", email);
    expect(rows).toHaveLength(1);
  });

  test("a server error is retryable and a double click sends one request", async ({ page }) => {
    let requests = 0;
    await page.route("**/api/v1/payments", async (route) => {
      requests++;
      if (requests === 1) {
        await route.fulfill({
          status: 503,
          contentType: "application/json",
          body: JSON.stringify({ error: { code: "unavailable", message: "Down" } }),
        });
      } else await route.continue();
    });
    await openCheckout(page, { planId: ONE_TIME });
    await fillPayment(page, { number: "4242 4242 4242 4242" });
    await page.getByRole("button", { name: "Pay $49.00" }).dblclick();
    await expect(page.getByTestId("payment-error")).toHaveText(
      "Something went wrong on our side. Your details are kept — try again.",
    );
    expect(requests).toBe(1);
    await page.getByRole("button", { name: "Try again · $49.00" }).click();
    await expect(page.getByTestId("success")).toBeVisible();
  });

  test("utm parameters and the affiliate code travel with the payment", async ({ page }) => {
    const email = uniqueEmail("utm");
    await openCheckout(page, {
      planId: ONE_TIME,
      utm_source: "newsletter",
      utm_campaign: "spring",
      affiliateCode: "creator-7",
    });
    await fillPayment(page, { email, number: "4242 4242 4242 4242" });
    await page.getByLabel("Country or region").selectOption("FR");
    await page.getByRole("button", { name: "Pay $49.00" }).click();
    await expect(page.getByTestId("success")).toBeVisible();
    const rows = queryDb<{ utm: string; affiliate_code: string; country: string }>(
      "SELECT utm, affiliate_code, country FROM payments WHERE email = ?",
      email,
    );
    expect(JSON.parse(rows[0]!.utm)).toEqual({ utm_source: "newsletter", utm_campaign: "spring" });
    expect(rows[0]).toMatchObject({ affiliate_code: "creator-7", country: "FR" });
  });
});

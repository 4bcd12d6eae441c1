import {
  checkoutFrame,
  expect,
  fillCard,
  frameOf,
  origins,
  queryDb,
  recordEvents,
  test,
} from "./fixtures.ts";

test("a purchase on the demo page fires complete, stores the payment and redirects", async ({
  page,
}) => {
  const { demo } = origins();
  const { events } = await recordEvents(page);
  await page.goto(`${demo}/`);
  // The demo's server created a fresh checkout session for this page view.
  const sessionId = await page.locator("#checkout").getAttribute("data-whop-checkout-session-id");
  expect(sessionId).toMatch(/^ch_[A-Za-z0-9]{24}$/);
  const orderRef = /order_ref (order_\w+)/.exec(
    await page.locator("#session-note").innerText(),
  )?.[1];
  expect(orderRef).toBeTruthy();
  const frame = checkoutFrame(page);
  await expect(frame.getByRole("heading", { name: "Pro Trading Community" })).toBeVisible();
  await expect(frame.getByTestId("price")).toHaveText("$49.00");

  const email = `success-${Date.now()}@example.com`;
  await fillCard(frame, { email, number: "4242 4242 4242 4242" });
  await frame.getByRole("button", { name: "Pay $49.00" }).click();

  await page.waitForURL(/\/thank-you\.html\?/);
  const complete = events.find((event) => event.type === "whop-checkout:complete");
  expect(complete?.detail).toMatchObject({
    status: "success",
    plan_id: "plan_DemoOneTime01",
    session_id: sessionId,
  });
  const { receipt_id: receiptId, redirect_url } = complete!.detail as Record<string, string>;
  expect(receiptId).toMatch(/^r_[A-Za-z0-9]{24}$/);
  // The platform resolved the redirect and put the purchase in its query; the page went there.
  expect(redirect_url).toBe(
    `${demo}/thank-you.html?status=success&receipt_id=${receiptId}&plan_id=plan_DemoOneTime01&session_id=${sessionId}`,
  );
  expect(page.url()).toBe(redirect_url);

  const url = new URL(page.url());
  expect(url.origin).toBe(demo);
  expect(Object.fromEntries(url.searchParams)).toEqual({
    status: "success",
    receipt_id: receiptId,
    plan_id: "plan_DemoOneTime01",
    session_id: sessionId,
  });
  // The thank-you page trusts its server's receipt lookup, not the query string.
  await expect(page.locator("[data-verdict]")).toHaveAttribute("data-verdict", "verified");
  await expect(page.locator("h1")).toHaveText("Thank you!");
  await expect(page.locator("[data-verdict]")).toContainText(`$49.00 paid by ${email}`);

  const rows = queryDb<Record<string, unknown>>(
    `SELECT p.*, r.id AS receipt_id FROM payments p JOIN receipts r ON r.payment_id = p.id
     WHERE p.email = ?`,
    email,
  );
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({
    status: "succeeded",
    amount: 4900,
    currency: "usd",
    card_brand: "visa",
    card_last4: "4242",
    session_id: sessionId,
    receipt_id: receiptId,
    metadata: JSON.stringify({ source: "demo", page: "full-example", order_ref: orderRef }),
  });
  // The full card number is never stored anywhere in the row.
  expect(JSON.stringify(rows[0])).not.toContain("4242424242424242");
});

test("the decline card shows a clear message and stores no successful payment", async ({
  page,
}) => {
  const { demo } = origins();
  const { events } = await recordEvents(page);
  await page.goto(`${demo}/`);
  const frame = checkoutFrame(page);
  const email = `decline-${Date.now()}@example.com`;
  await fillCard(frame, { email, number: "4000 0000 0000 0002" });
  await frame.getByRole("button", { name: "Pay $49.00" }).click();

  await expect(frame.getByRole("alert").filter({ hasText: "declined" })).toHaveText(
    "Your card was declined. Try another card or contact your bank.",
  );
  await expect(frame.getByRole("button", { name: "Pay $49.00" })).toBeEnabled();
  expect(page.url()).toBe(`${demo}/`);
  await expect.poll(() => events.some((event) => event.type === "whop-checkout:error")).toBe(true);
  expect(events.some((event) => event.type === "whop-checkout:complete")).toBe(false);

  const rows = queryDb<{ status: string; failure_code: string }>(
    "SELECT status, failure_code FROM payments WHERE email = ?",
    email,
  );
  expect(rows).toEqual([{ status: "failed", failure_code: "card_declined" }]);
});

test("the checkout iframe runs on a different origin than the host page", async ({ page }) => {
  const { demo, checkout } = origins();
  await page.goto(`${demo}/`);
  await expect(checkoutFrame(page).getByLabel("Email")).toBeVisible();
  expect(new URL(checkout).origin).not.toBe(new URL(demo).origin);

  const frame = frameOf(page, checkout)!;
  expect(await frame.evaluate(() => location.origin)).toBe(checkout);
  expect(await page.evaluate(() => location.origin)).toBe(demo);
  // The host cannot reach into the checkout's document, and the checkout cannot reach out.
  expect(
    await page.evaluate(() => {
      try {
        return Boolean(document.querySelector("iframe")!.contentWindow!.document);
      } catch {
        return "blocked";
      }
    }),
  ).toBe("blocked");
  expect(
    await frame.evaluate(() => {
      try {
        return Boolean(window.parent.document);
      } catch {
        return "blocked";
      }
    }),
  ).toBe("blocked");

  const sandbox = await page.locator("#checkout iframe").getAttribute("sandbox");
  expect(sandbox).not.toContain("allow-top-navigation");
});

test("the thank-you page refuses a forged or unknown receipt link", async ({ page }) => {
  const { demo } = origins();
  await page.goto(
    `${demo}/thank-you.html?status=success&receipt_id=r_Forged0000000000&plan_id=plan_DemoOneTime01`,
  );
  await expect(page.locator("[data-verdict]")).toHaveAttribute("data-verdict", "unverified");
  await expect(page.locator("[data-verdict]")).toContainText("Not confirmed");
  // Never thanks the buyer for a purchase the platform did not confirm.
  await expect(page.locator("h1")).toHaveText("We could not confirm this purchase");
  await expect(page.getByText("Thank you")).toHaveCount(0);
  await page.goto(`${demo}/thank-you.html?status=success&receipt_id=<script>`);
  await expect(page.locator("[data-verdict]")).toContainText("malformed");
  await expect(page.locator("h1")).toHaveText("We could not confirm this purchase");
  await page.goto(`${demo}/thank-you.html`);
  await expect(page.locator("[data-verdict]")).toHaveAttribute("data-verdict", "missing");
  await expect(page.locator("h1")).toHaveText("We could not confirm this purchase");
});

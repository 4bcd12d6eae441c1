import { type MailServer, startMailServer } from "../support/mail-server.ts";
import { type ServerProcess, spawnServer } from "../support/spawn-server.ts";
import { fillPayment, openCheckout, uniqueEmail } from "./checkout-helpers.ts";
import { expect, queryDb, test } from "./fixtures.ts";

const ONE_TIME = "plan_DemoOneTime01";

test("without a mail server the confirmation says no receipt email is sent, and the receipt is kept", async ({
  page,
}) => {
  const email = uniqueEmail("held");
  await openCheckout(page, { planId: ONE_TIME, locale: "en-US" });
  await fillPayment(page, { email, number: "4242 4242 4242 4242" });
  await page.getByRole("button", { name: "Pay $49.00" }).click();
  const success = page.getByTestId("success");
  await expect(success).toContainText(
    `$49.00 paid by ${email}. No receipt email is sent, so keep the receipt number below.`,
  );
  await expect(success).not.toContainText("on its way");
  const receiptId = await page.getByTestId("receipt-id").textContent();
  const [kept] = queryDb<{ status: string; recipient: string }>(
    "SELECT status, recipient FROM receipt_emails WHERE receipt_id = ?",
    receiptId,
  );
  expect(kept).toEqual({ status: "held", recipient: email });
});

test.describe("with a mail server", () => {
  let mail: MailServer;
  let server: ServerProcess;
  test.beforeAll(async () => {
    mail = await startMailServer();
    server = await spawnServer({ env: { SMTP_URL: mail.url } });
  });
  test.afterAll(async () => {
    await server?.stop();
    await mail?.close();
  });

  test("the confirmation says the receipt is on its way, and it arrives", async ({ page }) => {
    const email = uniqueEmail("emailed");
    await page.goto(`${server.checkoutOrigin}/embed/checkout?planId=${ONE_TIME}&locale=en-US`);
    await expect(page.locator("#app")).not.toHaveAttribute("aria-busy", "true");
    await fillPayment(page, { email, number: "4242 4242 4242 4242" });
    await page.getByRole("button", { name: "Pay $49.00" }).click();
    await expect(page.getByTestId("success")).toContainText(
      `$49.00 paid. A receipt is on its way to ${email}.`,
    );
    const receiptId = await page.getByTestId("receipt-id").textContent();
    const [message] = await mail.waitFor(1);
    expect(message!.recipients).toEqual([email]);
    expect(message!.subject).toContain("$49.00");
    expect(message!.text).toContain(`Receipt: ${receiptId}`);
  });
});

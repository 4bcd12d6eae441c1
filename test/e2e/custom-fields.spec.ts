import {
  expectNoAxeViolations,
  fillPayment,
  openCheckout,
  uniqueEmail,
} from "./checkout-helpers.ts";
import { expect, queryDb, test } from "./fixtures.ts";

/** The demo's coaching call: on sale, asking a required Discord username and an optional topic. */
const COACHING = "plan_DemoCoaching1";

test("a paid plan asks its own questions, refuses a missing answer on its field and stores the answers", async ({
  page,
}) => {
  const email = uniqueEmail("coaching");
  await openCheckout(page, { planId: COACHING, locale: "en-US" });
  await expect(page.getByLabel("Card number")).toBeVisible();
  await expect(page.getByLabel("What should the call cover? (optional)")).toBeVisible();
  await expectNoAxeViolations(page, "payment form with custom fields");

  await fillPayment(page, { email, number: "4242 4242 4242 4242" });
  await page.getByRole("button", { name: "Pay $150.00" }).click();
  // Checked like the card fields: the message is tied to its input, which gets focus.
  const discord = page.getByLabel("Discord username");
  await expect(discord).toBeFocused();
  await expect(discord).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#cf_discord-error")).toHaveText("Fill in Discord username.");
  expect(queryDb("SELECT id FROM payments WHERE email = ?", email)).toEqual([]);

  await discord.fill("ada#1815");
  await expect(page.locator("#cf_discord-error")).toHaveText("");
  await page.getByRole("button", { name: "Pay $150.00" }).click();
  await expect(page.getByRole("heading", { name: "Payment successful" })).toBeFocused();
  const rows = queryDb<{ status: string; custom_fields: string }>(
    "SELECT status, custom_fields FROM payments WHERE email = ?",
    email,
  );
  expect(rows).toHaveLength(1);
  expect(rows[0]!.status).toBe("succeeded");
  // The optional question left empty is not stored.
  expect(JSON.parse(rows[0]!.custom_fields)).toEqual({ discord: "ada#1815" });
});

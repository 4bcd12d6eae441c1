// What each kind of plan and session shows before and after a purchase: prices, currencies,
// sold-out and archived plans, waitlists, raffles, sessions and free trials.
import { fillPayment, openCheckout, uniqueEmail } from "./checkout-helpers.ts";
import { expect, queryDb, test } from "./fixtures.ts";

const ONE_TIME = "plan_DemoOneTime01";

test.describe("plan kinds", () => {
  test("renewal, intro price, trial and fixed-length plans describe their price", async ({
    page,
  }) => {
    await openCheckout(page, { planId: "plan_DemoMonthly01", locale: "en-US" });
    await expect(page.getByTestId("price")).toHaveText("$20.00 / month");
    await openCheckout(page, { planId: "plan_DemoIntro0001", locale: "en-US" });
    await expect(page.getByTestId("price")).toHaveText("$5.00 today, then $20.00 / month");
    await expect(page.getByRole("button", { name: "Pay $5.00" })).toBeVisible();
    await openCheckout(page, { planId: "plan_DemoTrial0001", locale: "en-US" });
    await expect(page.getByTestId("price")).toHaveText("7-day free trial, then $199.00 / year");
    await expect(page.getByText("Nothing is charged today.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Start free trial" })).toBeVisible();
    await openCheckout(page, { planId: "plan_DemoLowStock1", locale: "en-US" });
    await expect(page.getByTestId("price")).toHaveText("$79.00 for 30 days of access");
    await expect(page.getByText(/^Only \d+ left$/)).toBeVisible();
  });

  test("zero- and three-decimal currencies show their own minor units", async ({ page }) => {
    await openCheckout(page, { planId: "plan_DemoYen00001", locale: "en-US" });
    await expect(page.getByTestId("price")).toHaveText("¥4,900");
    await openCheckout(page, { planId: "plan_DemoDinar0001", locale: "en-US" });
    await expect(page.getByTestId("price")).toHaveText(/^KWD\s15\.250$/);
    await openCheckout(page, { planId: "plan_DemoDinar0001", locale: "de-DE" });
    await expect(page.getByTestId("price")).toHaveText(/^15,250\sKWD$/);
  });

  test("sold out and archived plans show why, with no form", async ({ page }) => {
    await openCheckout(page, { planId: "plan_DemoSoldOut01" });
    await expect(page.getByTestId("unavailable")).toContainText("Sold out");
    await expect(page.getByLabel("Card number")).toHaveCount(0);
    await openCheckout(page, { planId: "plan_DemoArchived1" });
    await expect(page.getByTestId("unavailable")).toHaveText("This plan is no longer available.");
    await expect(page.getByRole("button")).toHaveCount(0);
  });

  test("a waitlist collects the email and the plan's questions, with no card", async ({ page }) => {
    const email = uniqueEmail("waitlist");
    await openCheckout(page, { planId: "plan_DemoWaitlist1" });
    await expect(page.getByLabel("Card number")).toHaveCount(0);
    await page.getByRole("button", { name: "Join the waitlist" }).click();
    await expect(page.getByLabel("Email")).toBeFocused();
    await expect(page.getByText("Fill in Discord username.")).toBeVisible();
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Discord username").fill("ada#1815");
    await page.getByLabel("What do you want to learn? (optional)").fill("Risk");
    await page.getByRole("button", { name: "Join the waitlist" }).click();
    await expect(page.getByRole("heading", { name: "You're on the waitlist" })).toBeFocused();
    await expect(page.getByTestId("success")).toContainText(email);
    const rows = queryDb<{ kind: string; custom_fields: string }>(
      "SELECT kind, custom_fields FROM entries WHERE email = ?",
      email,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.kind).toBe("waitlist");
    expect(JSON.parse(rows[0]!.custom_fields)).toEqual({ discord: "ada#1815", goal: "Risk" });
  });

  test("a raffle entry gets its own confirmation", async ({ page }) => {
    await openCheckout(page, { planId: "plan_DemoRaffle001" });
    await page.getByLabel("Email").fill(uniqueEmail("raffle"));
    await page.getByLabel("Hoodie size").fill("M");
    await page.getByRole("button", { name: "Enter the raffle" }).click();
    await expect(page.getByRole("heading", { name: "You're in the raffle" })).toBeVisible();
  });
});

test.describe("sessions and trials", () => {
  test("a session-only embed loads the session's plan; an unknown session says so", async ({
    page,
  }) => {
    await openCheckout(page, { sessionId: "ch_DemoSession0001" });
    await expect(page.getByRole("heading", { name: "Pro Trading Community" })).toBeVisible();
    await expect(page.getByTestId("price")).toHaveText("$49.00");
    await openCheckout(page, { sessionId: "ch_NoSuchSession1" });
    await expect(page.getByTestId("unavailable")).toHaveText("This checkout link is not valid.");
    await openCheckout(page, { planId: ONE_TIME, sessionId: "ch_NoSuchSession1" });
    await expect(page.getByTestId("unavailable")).toHaveText("This checkout link is not valid.");
  });

  test("a free trial charges nothing today and says the trial has started", async ({ page }) => {
    const email = uniqueEmail("trial");
    await openCheckout(page, { planId: "plan_DemoTrial0001" });
    await fillPayment(page, { email, number: "5555 5555 5555 4444" });
    await expect(page.locator(".badge")).toHaveText("Mastercard");
    await page.getByRole("button", { name: "Start free trial" }).click();
    await expect(page.getByRole("heading", { name: "Your free trial has started" })).toBeVisible();
    await expect(page.getByTestId("success")).toContainText(email);
    const rows = queryDb<{ amount: number; status: string }>(
      "SELECT amount, status FROM payments WHERE email = ?",
      email,
    );
    expect(rows).toEqual([{ amount: 0, status: "succeeded" }]);
  });
});

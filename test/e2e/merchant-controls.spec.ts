import type { FrameLocator, Page } from "@playwright/test";
import { expectNoAxeViolations, openCheckout, uniqueEmail } from "./checkout-helpers.ts";
import { checkoutFrame, expect, type HostServer, queryDb, recordEvents, test } from "./fixtures.ts";

const ONE_TIME = "plan_DemoOneTime01";

/** A merchant page with one embed carrying `attributes`, on a `background` of its own. */
function embedPage(host: HostServer, name: string, attributes: string, background = "#ffffff") {
  return host.page(
    `/controls-${name}.html`,
    `<!doctype html><html lang="en"><head><title>Shop</title>
<script src="%CHECKOUT_ORIGIN%/loader.js"></script>
<style>body{margin:0;padding:40px;background:${background}}h1{margin:0;font-size:14px;color:${Number.parseInt(background.slice(1, 3), 16) < 128 ? "#fff" : "#111"}}</style>
<script>addEventListener("whop-checkout:complete", (event) => event.preventDefault());</script>
</head><body><header><h1>Shop</h1></header><div id="checkout" data-whop-checkout-plan-id="${ONE_TIME}" ${attributes}></div></body></html>`,
  );
}

async function openEmbed(page: Page, url: string) {
  await page.goto(url);
  const frame = checkoutFrame(page);
  await expect(frame.locator("#app")).not.toHaveAttribute("aria-busy", "true");
  return frame;
}

test.describe("appearance", () => {
  test("background, radius, font and button text reach the checkout's root and pay button", async ({
    page,
    host,
  }) => {
    const frame = await openEmbed(
      page,
      embedPage(
        host,
        "appearance",
        `data-whop-checkout-theme-background-color="#0b1f3a" data-whop-checkout-theme-border-radius="0"
        data-whop-checkout-theme-font="serif" data-whop-checkout-theme-button-text="Unlock results"`,
      ),
    );
    const body = frame.locator("body");
    await expect(body).toHaveCSS("background-color", "rgb(11, 31, 58)");
    // A dark background: the dark palette, whatever the theme says.
    await expect(body).toHaveCSS("color", "rgb(242, 243, 246)");
    await expect(body).toHaveCSS("font-family", /^ui-serif, Charter/);
    const pay = frame.getByTestId("pay");
    await expect(pay).toHaveText("Unlock results");
    await expect(pay).toHaveCSS("border-radius", "0px");
    await expect(frame.getByLabel("Email")).toHaveCSS("border-radius", "0px");
  });

  test("transparent: the page's own background shows through, in either theme", async ({
    page,
    host,
  }) => {
    for (const [theme, background] of [
      ["light", "#f3e8d2"],
      ["dark", "#13233a"],
    ] as const) {
      const frame = await openEmbed(
        page,
        embedPage(
          host,
          `transparent-${theme}`,
          `data-whop-checkout-theme="${theme}" data-whop-checkout-theme-background-color="transparent"`,
          background,
        ),
      );
      await expect(frame.locator("html")).toHaveCSS("background-color", "rgba(0, 0, 0, 0)");
      await expect(frame.locator("body")).toHaveCSS("background-color", "rgba(0, 0, 0, 0)");
      // The same pixels inside the iframe's padding as on the page beside it: no backdrop.
      const box = (await page.locator("#checkout iframe").boundingBox())!;
      const inside = await page.screenshot({
        clip: { x: box.x + 2, y: box.y + 2, width: 12, height: 12 },
      });
      const outside = await page.screenshot({ clip: { x: 10, y: 10, width: 12, height: 12 } });
      expect(inside.equals(outside), `transparent ${theme}`).toBe(true);
    }
  });

  for (const [theme, background] of [
    ["light", "#f3e8d2"],
    ["dark", "#13233a"],
  ] as const) {
    test(`axe-clean when transparent on a ${theme} page`, async ({ page }) => {
      // axe cannot see through a frame: the page's colour is put behind the checkout itself.
      await openCheckout(page, { planId: ONE_TIME, theme, themeBackgroundColor: "transparent" });
      await page.evaluate((colour) => {
        document.documentElement.style.background = colour;
      }, background);
      await page.getByTestId("pay").click();
      await expect(page.locator("#email-error")).not.toBeEmpty();
      await expectNoAxeViolations(page, `transparent on ${background}`);
    });
  }

  test("the default background is opaque (the transparency check can fail)", async ({
    page,
    host,
  }) => {
    await openEmbed(page, embedPage(host, "opaque", 'data-whop-checkout-theme="dark"', "#f3e8d2"));
    const box = (await page.locator("#checkout iframe").boundingBox())!;
    const inside = await page.screenshot({
      clip: { x: box.x + 2, y: box.y + 2, width: 12, height: 12 },
    });
    const outside = await page.screenshot({ clip: { x: 10, y: 10, width: 12, height: 12 } });
    expect(inside.equals(outside)).toBe(false);
  });

  for (const [name, query] of [
    [
      "light custom",
      { themeBackgroundColor: "#fdf6e3", themeFont: "rounded", themeBorderRadius: "18" },
    ],
    ["dark custom", { theme: "light", themeBackgroundColor: "#0b1f3a", themeFont: "mono" }],
    ["mid grey", { themeBackgroundColor: "#8a8f99", themeAccentColor: "#ffe14d" }],
    ["high contrast dark", { theme: "dark", themeHighContrast: "" }],
    ["high contrast light", { theme: "light", themeHighContrast: "", themeButtonText: "Join now" }],
  ] as const) {
    test(`axe-clean with field errors: ${name}`, async ({ page }) => {
      await openCheckout(page, { planId: ONE_TIME, ...query });
      await expectNoAxeViolations(page, name);
      await page.getByTestId("pay").click();
      await expect(page.locator("#email-error")).not.toBeEmpty();
      await page.getByRole("button", { name: "Promo code" }).click();
      await page.getByLabel("Promo code").fill("EXPIRED");
      await page.getByRole("button", { name: "Apply" }).click();
      await expect(page.getByTestId("promo-error")).not.toBeEmpty();
      await expectNoAxeViolations(page, `${name}, errors`);
    });
  }
});

/** Fills the card fields (not the email) and pays. */
async function payByCard(frame: FrameLocator) {
  await frame.getByLabel("Card number").fill("4242424242424242");
  await frame.getByLabel("Expiry (MM / YY)").fill("1234");
  await frame.getByLabel("Security code").fill("123");
  await frame.getByLabel("Name on card").fill("Signed In");
  await frame.getByTestId("pay").click();
  await expect(frame.getByTestId("success")).toBeVisible();
}

const storedEmails = (email: string) =>
  queryDb<{ email: string }>("SELECT email FROM payments WHERE email = ?", email).length;

test.describe("email", () => {
  test("hide-email: the prefilled email pays without a field", async ({ page, host }) => {
    const email = uniqueEmail("hidden");
    const frame = await openEmbed(
      page,
      embedPage(
        host,
        "hide-email",
        `data-whop-checkout-prefill-email="${email}" data-whop-checkout-hide-email`,
      ),
    );
    await expect(frame.getByLabel("Card number")).toBeVisible();
    await expect(frame.getByLabel("Email")).toHaveCount(0);
    await payByCard(frame);
    expect(storedEmails(email)).toBe(1);
  });

  test("hide-email without a valid prefilled email shows the field, with a warning", async ({
    page,
    host,
  }) => {
    const { consoleErrors } = await recordEvents(page);
    const frame = await openEmbed(
      page,
      embedPage(
        host,
        "hide-email-alone",
        'data-whop-checkout-prefill-email="nope" data-whop-checkout-hide-email',
      ),
    );
    await expect(frame.getByLabel("Email")).toBeEditable();
    await expect
      .poll(() => consoleErrors.find((line) => line.includes("hide-email")))
      .toBe(
        '[whop-checkout] data-whop-checkout-hide-email="" needs a valid data-whop-checkout-prefill-email="…"; the email field shows for the buyer to fill in. #checkout',
      );
  });

  test("disable-email: the email is shown, locked, and pays", async ({ page, host }) => {
    const email = uniqueEmail("locked");
    const frame = await openEmbed(
      page,
      embedPage(
        host,
        "disable-email",
        `data-whop-checkout-prefill-email="${email}" data-whop-checkout-disable-email`,
      ),
    );
    const field = frame.getByLabel("Email");
    await expect(field).toHaveValue(email);
    await expect(field).not.toBeEditable();
    await field.pressSequentially("x");
    await expect(field).toHaveValue(email);
    await expectNoAxeViolations(page, "disable-email");
    await payByCard(frame);
    expect(storedEmails(email)).toBe(1);
  });
});

import type { FrameLocator, Page } from "@playwright/test";
import { expectNoAxeViolations, openCheckout, uniqueEmail } from "./checkout-helpers.ts";
import { checkoutFrame, expect, type HostServer, queryDb, recordEvents, test } from "./fixtures.ts";

const ONE_TIME = "plan_DemoOneTime01";

/** A merchant page with one embed carrying `attributes`, on a `background` of its own. */
/**
 * A shop page with one embed. Its own `<main>` (named, as the checkout's is not) holds the
 * checkout, as a merchant's page would: axe then finds the page's main landmark whether or not
 * it reaches into the cross-origin frame in time (in one CI run it did not, and reported none).
 */
function embedPage(host: HostServer, name: string, attributes: string, background = "#ffffff") {
  return host.page(
    `/controls-${name}.html`,
    `<!doctype html><html lang="en"><head><title>Shop</title>
<script src="%CHECKOUT_ORIGIN%/loader.js"></script>
<style>body{margin:0;padding:40px;background:${background}}h1{margin:0;font-size:14px;color:${Number.parseInt(background.slice(1, 3), 16) < 128 ? "#fff" : "#111"}}</style>
<script>addEventListener("whop-checkout:complete", (event) => event.preventDefault());</script>
</head><body><header><h1>Shop</h1></header><main aria-label="Shop"><div id="checkout" data-whop-checkout-plan-id="${ONE_TIME}" ${attributes}></div></main></body></html>`,
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

test.describe("promo code", () => {
  test("promo-code: the discount shows before the buyer types; removing it is a change too", async ({
    page,
    host,
  }) => {
    const { events } = await recordEvents(page);
    const frame = await openEmbed(
      page,
      embedPage(host, "promo", 'data-whop-checkout-promo-code="LAUNCH20"'),
    );
    // Visible with the first render: the quote was asked for before it.
    await expect(frame.getByTestId("promo-applied")).toContainText("LAUNCH20");
    await expect(frame.getByTestId("pay")).toHaveText("Pay $39.20");
    expect(
      events.find((event) => event.type === "whop-checkout:promo-code-changed")?.detail,
    ).toEqual({ code: "LAUNCH20", total: 3920, currency: "usd" });
    // Removing it is a change too, back to the full price.
    await frame.getByRole("button", { name: "Remove" }).click();
    await expect(frame.getByTestId("pay")).toHaveText("Pay $49.00");
    await expect
      .poll(
        () =>
          events.filter((event) => event.type === "whop-checkout:promo-code-changed").at(-1)
            ?.detail,
      )
      .toEqual({ code: null, total: 4900, currency: "usd" });
    await expect(frame.getByLabel("Promo code")).toBeFocused();
  });

  test("a refused promo-code shows its error in the promo field and warns in the console", async ({
    page,
    host,
  }) => {
    const { consoleErrors, events } = await recordEvents(page);
    const frame = await openEmbed(
      page,
      embedPage(host, "promo-bad", 'data-whop-checkout-promo-code="EXPIRED"'),
    );
    await expect(frame.getByLabel("Promo code")).toHaveValue("EXPIRED");
    await expect(frame.getByTestId("promo-error")).not.toBeEmpty();
    // The buyer's focus stays where it was: nothing inside the checkout took it.
    await expect(frame.getByLabel("Promo code")).not.toBeFocused();
    await expect(frame.getByTestId("pay")).toHaveText("Pay $49.00");
    await expect
      .poll(() => consoleErrors.find((line) => line.includes("promo-code")))
      .toMatch(
        /^\[whop-checkout\] data-whop-checkout-promo-code="EXPIRED" was not applied \(.+\); the full price applies\. #checkout$/,
      );
    expect(events.some((event) => event.type === "whop-checkout:promo-code-changed")).toBe(false);
  });
});

test.describe("funnel events", () => {
  test("email-captured once per valid email; complete carries amount, currency and promo code", async ({
    page,
    host,
  }) => {
    const { events } = await recordEvents(page);
    const second = uniqueEmail("funnel");
    const frame = await openEmbed(
      page,
      embedPage(host, "funnel", 'data-whop-checkout-promo-code="LAUNCH20"'),
    );
    const captured = () =>
      events.filter((event) => event.type === "whop-checkout:email-captured").map((e) => e.detail);
    const email = frame.getByLabel("Email");
    await email.fill("ana@exam");
    await frame.getByLabel("Card number").focus();
    await email.fill("ana@example.com");
    await frame.getByLabel("Card number").focus();
    // Left again with the same address: no second event.
    await email.focus();
    await frame.getByLabel("Card number").focus();
    await expect.poll(captured).toEqual([{ email: "ana@example.com" }]);

    await email.fill("");
    await email.fill(second);
    await frame.getByTestId("pay").click(); // submitted without leaving the field: still captured
    await expect.poll(captured).toEqual([{ email: "ana@example.com" }, { email: second }]);

    await frame.getByLabel("Card number").fill("4000000000000002");
    await frame.getByLabel("Expiry (MM / YY)").fill("1234");
    await frame.getByLabel("Security code").fill("123");
    await frame.getByLabel("Name on card").fill("Bo Funnel");
    await frame.getByTestId("pay").click();
    await expect(frame.getByTestId("payment-error")).not.toBeEmpty();
    await expect
      .poll(() => events.find((event) => event.type === "whop-checkout:error")?.detail)
      .toEqual({
        code: "card_declined",
        message: expect.any(String),
        amount: 3920,
        currency: "usd",
        promo_code: "LAUNCH20",
      });

    await frame.getByLabel("Card number").fill("4242424242424242");
    await frame.getByTestId("pay").click();
    await expect(frame.getByTestId("success")).toBeVisible();
    await expect
      .poll(() => events.find((event) => event.type === "whop-checkout:complete")?.detail)
      .toMatchObject({ amount: 3920, currency: "usd", promo_code: "LAUNCH20" });
    const [stored] = queryDb<{ amount: number; promo_code: string }>(
      "SELECT amount, promo_code FROM payments WHERE email = ? AND status = 'succeeded'",
      second,
    );
    expect(stored).toEqual({ amount: 3920, promo_code: "LAUNCH20" });
  });
});

test("the platform embed's settings this checkout lacks are named, with what to do instead", async ({
  page,
  host,
}) => {
  const { consoleErrors } = await recordEvents(page);
  await openEmbed(
    page,
    embedPage(
      host,
      "unsupported",
      'data-whop-checkout-redirect-url="/done" data-whop-checkout-style-container-padding-x="8"',
    ),
  );
  await expect
    .poll(() => consoleErrors.filter((line) => line.includes("not supported")).sort())
    .toEqual([
      '[whop-checkout] data-whop-checkout-redirect-url="/done" is not supported by this checkout; it is ignored: use data-whop-checkout-return-url instead. #checkout',
      '[whop-checkout] data-whop-checkout-style-container-padding-x="8" is not supported by this checkout; it is ignored: give the container element its padding on your page instead. #checkout',
    ]);
  expect(consoleErrors.filter((line) => line.includes("not a checkout setting"))).toEqual([]);
});

import { mkdirSync } from "node:fs";
import { checkoutFrame, expect, test } from "./fixtures.ts";

const page = (theme: string) => `<!doctype html><html><head>
<script src="%CHECKOUT_ORIGIN%/loader.js"></script>
<style>body{margin:0;padding:24px;background:${theme === "dark" ? "#0b0c0f" : "#f6f5f2"}}div{max-width:460px}</style>
</head><body><div id="checkout" data-whop-checkout-plan-id="plan_DemoOneTime01" data-whop-checkout-theme="${theme}"></div></body></html>`;

// Writes docs/screenshots/*.png so people can see the checkout without running it.
for (const theme of ["light", "dark"]) {
  test(`screenshot of the checkout form (${theme})`, async ({ page: browserPage, host }) => {
    mkdirSync("docs/screenshots", { recursive: true });
    await browserPage.setViewportSize({ width: 520, height: 760 });
    await browserPage.goto(host.page(`/shot-${theme}.html`, page(theme)));
    const frame = checkoutFrame(browserPage);
    await expect(frame.getByLabel("Email")).toBeVisible();
    await browserPage.waitForFunction(
      () => document.querySelector("iframe")?.getAttribute("height") !== "540",
    );
    await browserPage
      .locator("#checkout")
      .screenshot({ path: `docs/screenshots/form-${theme}.png` });

    await frame.getByRole("button", { name: /Pay/ }).click();
    await expect(frame.getByText("Enter your email address.")).toBeVisible();
    await browserPage
      .locator("#checkout")
      .screenshot({ path: `docs/screenshots/errors-${theme}.png` });
  });
}

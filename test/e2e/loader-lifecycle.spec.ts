import { checkoutFrame, expect, recordEvents, test } from "./fixtures.ts";
import { PLAN } from "./loader-pages.ts";

test("loaded twice, deferred and again after load: one checkout per element, sized exactly", async ({
  page,
  host,
}) => {
  const { events } = await recordEvents(page);
  host.page(
    "/late.js",
    `addEventListener("load", () => {
       const script = document.createElement("script");
       script.src = "${"%CHECKOUT_ORIGIN%"}/loader.js";
       document.head.append(script);
       const late = document.createElement("div");
       late.id = "late";
       late.dataset.whopCheckoutPlanId = "${PLAN}";
       document.body.append(late);
     });`,
    { "Content-Type": "text/javascript; charset=utf-8" },
  );
  await page.goto(
    host.page(
      "/twice.html",
      `<!doctype html><html><head><meta charset="utf-8">
       <script src="%CHECKOUT_ORIGIN%/loader.js"></script>
       <script src="/late.js"></script>
       <script>
         addEventListener("whop-checkout:resize", (event) => {
           event.target.dataset.reportedHeight = event.detail.height;
         });
       </script>
       </head><body>
       <div id="first" data-whop-checkout-plan-id="${PLAN}"><a href="/buy">Buy</a></div>
       <div id="second" data-whop-checkout-plan-id="${PLAN}" data-whop-checkout-theme="dark"></div>
       <script defer src="%CHECKOUT_ORIGIN%/loader.js"></script>
       </body></html>`,
    ),
  );
  await expect(page.locator("#late iframe")).toHaveCount(1);
  await expect
    .poll(() => events.filter((event) => event.type === "whop-checkout:ready").length)
    .toBe(3);
  await expect(page.locator("iframe")).toHaveCount(3);
  await expect(page.getByRole("link", { name: "Buy" })).toHaveCount(0);

  for (const id of ["first", "second", "late"]) {
    await expect(checkoutFrame(page, `#${id}`).getByLabel("Email")).toBeVisible();
    // The iframe takes exactly the height the checkout last reported.
    // (Chromium pauses rendering in off-screen cross-origin frames, so they report once seen.)
    const container = page.locator(`#${id}`);
    await container.scrollIntoViewIfNeeded();
    await expect
      .poll(async () => {
        const reported = await container.getAttribute("data-reported-height");
        const height = await container.locator("iframe").getAttribute("height");
        return reported !== null && height === reported;
      })
      .toBe(true);
  }
});

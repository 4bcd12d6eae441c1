import { fillPayment, uniqueEmail } from "./checkout-helpers.ts";
import { checkoutFrame, expect, origins, queryDb, recordEvents, test } from "./fixtures.ts";
import { hostPage, PLAN } from "./loader-pages.ts";

const FALLBACK = `<a id="fallback" href="https://example.com/buy">Buy on our site</a>`;

test("a 20,000-character utm_source still loads the checkout; the payment keeps 200 characters", async ({
  page,
  host,
}) => {
  const email = uniqueEmail("long-utm");
  const url = host.page(
    "/long-utm.html",
    hostPage(
      `<div id="buy" data-whop-checkout-plan-id="${PLAN}" data-whop-checkout-skip-redirect></div>`,
    ),
  );
  await page.goto(`${url}?utm_source=${"s".repeat(20_000)}&utm_medium=email`);
  const frame = checkoutFrame(page);
  await fillPayment(frame, { email, number: "4242424242424242" });
  await frame.getByTestId("pay").click();
  await expect(frame.getByRole("heading", { name: "Payment successful" })).toBeVisible();
  const rows = queryDb<{ utm: string }>("SELECT utm FROM payments WHERE email = ?", email);
  expect(JSON.parse(rows[0]!.utm)).toEqual({ utm_source: "s".repeat(200), utm_medium: "email" });
});

test("a page whose origin may not embed the plan keeps its fallback and says why, once", async ({
  page,
  host,
}) => {
  const { consoleErrors } = await recordEvents(page);
  const reports: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("/embed/csp-report")) reports.push(request.url());
  });
  // The host server answers on 127.0.0.1 too: an origin the demo company does not allow.
  const url = host
    .page(
      "/refused.html",
      hostPage(`<div id="buy" data-whop-checkout-plan-id="${PLAN}">${FALLBACK}</div>`),
    )
    .replace("//localhost:", "//127.0.0.1:");
  const origin = new URL(url).origin;
  await page.goto(url);
  await expect(page.locator("#fallback")).toBeVisible();
  const ours = () => consoleErrors.filter((text) => text.startsWith("[whop-checkout]"));
  await expect.poll(ours, { timeout: 15_000 }).toHaveLength(1);
  const [error] = ours();
  expect(error).toContain(`${origin} may not embed the checkout of ${PLAN}`);
  expect(error).toContain(`company set-origins biz_DemoCompany01`);
  expect(error).toContain(`EMBED_ORIGINS=${origin}`);
  expect(error).toMatch(/ #buy$/);
  await expect(page.locator("#buy iframe")).toHaveCount(0);
  await expect(page.locator("#fallback")).toBeVisible();
  await page.waitForTimeout(1_000);
  expect(ours()).toHaveLength(1);
  // The browser told the checkout origin too, naming the plan and the page's origin.
  const reported = new URLSearchParams({ planId: PLAN, origin });
  await expect.poll(() => reports).toContain(`${origins().checkout}/embed/csp-report?${reported}`);
});

test("an allowed embed below the fold, in a page that has not been scrolled, raises no alarm", async ({
  page,
  host,
}) => {
  const { consoleErrors } = await recordEvents(page);
  const allowed: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("/embed/allowed")) allowed.push(request.url());
  });
  await page.goto(
    host.page(
      "/below-the-fold.html",
      hostPage(
        `<div style="height: 5000px">Scroll down to buy</div>
         <div id="buy" data-whop-checkout-plan-id="${PLAN}">${FALLBACK}</div>`,
      ),
    ),
  );
  // The checkout loads unseen; its hello replaces the fallback.
  await expect(page.locator("#fallback")).toHaveCount(0, { timeout: 15_000 });
  await expect(page.locator("#buy iframe")).toBeAttached();
  await page.waitForTimeout(5_000);
  expect(consoleErrors.filter((text) => text.startsWith("[whop-checkout]"))).toEqual([]);
  await page.locator("#buy").scrollIntoViewIfNeeded();
  await expect(checkoutFrame(page, "#buy").getByLabel("Email")).toBeVisible();
  // Had the hello been late, the checkout origin would have answered that the page may embed.
  for (const url of allowed) expect((await page.request.get(url)).status()).toBe(204);
});

test("loader-api.js that does not match the hash built into loader.js never runs", async ({
  page,
  host,
}) => {
  const { consoleErrors } = await recordEvents(page);
  const manifest = await (await page.request.get(`${origins().checkout}/v1/manifest.json`)).json();
  const apiUrl = `${origins().checkout}${manifest["loader-api.js"].path}`;
  const original = await (await page.request.get(apiUrl)).text();
  await page.route(apiUrl, (route) =>
    route.fulfill({
      status: 200,
      contentType: "text/javascript",
      headers: { "Access-Control-Allow-Origin": "*" },
      body: `window.tampered = true;\n${original}`,
    }),
  );
  await page.goto(
    host.page(
      "/tampered-api.html",
      hostPage(`<div id="buy" data-whop-checkout-plan-id="${PLAN}"
        data-whop-checkout-identifier="main"></div>`),
    ),
  );
  await expect(checkoutFrame(page, "#buy").getByLabel("Email")).toBeVisible();
  const answer = await page.evaluate(async () => {
    const api = (window as never as { WhopCheckout: { getEmail(id: string): Promise<unknown> } })
      .WhopCheckout;
    return { email: await api.getEmail("main"), ran: "tampered" in window };
  });
  expect(answer).toEqual({ email: undefined, ran: false });
  const ours = () => consoleErrors.filter((text) => text.startsWith("[whop-checkout]"));
  await expect.poll(ours).toHaveLength(1);
  expect(ours()[0]).toContain(manifest["loader-api.js"].path);
});

test("loader-api.js as built runs, pinned", async ({ page, host }) => {
  await page.goto(
    host.page(
      "/pinned-api.html",
      hostPage(`<div id="buy" data-whop-checkout-plan-id="${PLAN}"
        data-whop-checkout-identifier="main"></div>`),
    ),
  );
  const frame = checkoutFrame(page, "#buy");
  await frame.getByLabel("Email").fill("pinned@example.com");
  const email = await page.evaluate(() =>
    (
      window as never as { WhopCheckout: { getEmail(id: string): Promise<unknown> } }
    ).WhopCheckout.getEmail("main"),
  );
  expect(email).toBe("pinned@example.com");
  const preload = page.locator('link[rel="modulepreload"]');
  await expect(preload).toHaveAttribute("integrity", /^sha256-/);
});

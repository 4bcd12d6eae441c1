import { strictCsp } from "../../demo/server/app.ts";
import { checkoutFrame, expect, fillCard, origins, recordEvents, test } from "./fixtures.ts";

const PLAN = "plan_DemoOneTime01";

/** A merchant page that loads the loader in its head. */
const hostPage = (body: string, head = "") =>
  `<!doctype html><html><head><meta charset="utf-8"><script src="%CHECKOUT_ORIGIN%/loader.js"></script>${head}</head><body>${body}</body></html>`;

const completeEvents = (events: { type: string; detail: unknown }[]) =>
  events.filter((event) => event.type === "whop-checkout:complete");

async function pay(frame: ReturnType<typeof checkoutFrame>, email: string) {
  await fillCard(frame, { email, number: "4242 4242 4242 4242" });
  await frame.getByRole("button", { name: /^Pay / }).click();
  await expect(frame.getByTestId("success")).toBeVisible();
}

test("a purchase cancelled with preventDefault() keeps the buyer on the page", async ({
  page,
  host,
}) => {
  const { events } = await recordEvents(page);
  const url = host.page(
    "/prevent.html",
    hostPage(
      `<div id="checkout" data-whop-checkout-plan-id="${PLAN}"></div>
       <script>document.getElementById("checkout").addEventListener("whop-checkout:complete", (e) => e.preventDefault());</script>`,
    ),
  );
  await page.goto(url);
  const frame = checkoutFrame(page);
  await pay(frame, `prevent-${Date.now()}@example.com`);
  // Said while a navigation may still come…
  await expect(frame.getByText("Taking you onward…")).toBeVisible();
  await expect.poll(() => completeEvents(events).length).toBe(1);
  expect(completeEvents(events)[0]!.detail).toMatchObject({
    plan_id: PLAN,
    status: "success",
    redirect_url: expect.stringMatching(/^http/),
  });
  // The page was not navigated: it still answers, at the same URL.
  expect(await page.evaluate(() => location.href)).toBe(url);
  // …and no longer once the frame is still there (only the loader knew the page stayed); the
  // receipt stays.
  await expect(frame.getByText("Taking you onward…")).toHaveCount(0);
  await expect(frame.getByTestId("receipt-id")).toBeVisible();
});

test("with skip-redirect the confirmation never says the buyer is taken onward", async ({
  page,
  host,
}) => {
  const { events } = await recordEvents(page);
  const url = host.page(
    "/skip.html",
    hostPage(`<div data-whop-checkout-plan-id="${PLAN}" data-whop-checkout-skip-redirect></div>`),
  );
  await page.goto(url);
  const frame = checkoutFrame(page);
  await pay(frame, `skip-${Date.now()}@example.com`);
  await expect.poll(() => completeEvents(events).length).toBe(1);
  expect(completeEvents(events)[0]!.detail).toMatchObject({
    redirect_url: expect.stringMatching(/^http/),
  });
  await expect(frame.getByTestId("receipt-id")).toBeVisible();
  await expect(frame.getByTestId("success")).not.toContainText("Taking you onward…");
  expect(await page.evaluate(() => location.href)).toBe(url);
});

test("the on-complete callback is called with plan id, receipt id and detail", async ({
  page,
  host,
}) => {
  await page.goto(
    host.page(
      "/callback.html",
      hostPage(
        `<script>window.calls = []; function onBought(...args) { window.calls.push(args); }</script>
         <div data-whop-checkout-plan-id="${PLAN}" data-whop-checkout-on-complete="onBought" data-whop-checkout-skip-redirect></div>`,
      ),
    ),
  );
  const frame = checkoutFrame(page);
  await pay(frame, `callback-${Date.now()}@example.com`);
  const receiptId = await frame.getByTestId("receipt-id").textContent();
  await expect
    .poll(() => page.evaluate(() => (window as never as { calls: unknown[] }).calls))
    .toEqual([
      [PLAN, receiptId, expect.objectContaining({ plan_id: PLAN, receipt_id: receiptId })],
    ]);
});

test("an inline embed needs only loader.js: warnings, callbacks and the redirect", async ({
  page,
  host,
}) => {
  const requested: string[] = [];
  page.on("request", (request) => requested.push(new URL(request.url()).pathname));
  const { consoleErrors } = await recordEvents(page);
  const states: string[] = [];
  await page.exposeFunction("recordState", (state: string) => states.push(state));
  const thanks = host.page("/thanks.html", "<!doctype html><title>Thanks</title><p>Thanks");
  await page.goto(
    host.page(
      "/inline.html",
      hostPage(
        `<div id="buy" data-whop-checkout-plan-id="${PLAN}" data-whop-checkout-theme="neon"
           data-whop-checkout-on-state-change="recordState" data-whop-checkout-on-complete="recordState"
           data-whop-checkout-return-url="/thanks.html?from=embed"></div>`,
      ),
    ),
  );
  await fillCard(checkoutFrame(page), {
    email: `inline-${Date.now()}@example.com`,
    number: "4242 4242 4242 4242",
  });
  await checkoutFrame(page).getByRole("button", { name: /^Pay / }).click();
  await page.waitForURL(/\/thanks\.html\?/);

  const url = new URL(page.url());
  expect(url.origin + url.pathname).toBe(thanks);
  expect(url.searchParams.get("from")).toBe("embed");
  expect(url.searchParams.get("status")).toBe("success");
  expect(url.searchParams.get("receipt_id")).toMatch(/^r_/);
  // on-state-change saw the purchase; on-complete (the same function here) got the plan id.
  expect(states).toEqual(expect.arrayContaining(["idle", "processing", "complete", PLAN]));
  expect(consoleErrors).toContain(
    '[whop-checkout] data-whop-checkout-theme="neon" is not light, dark or system; the default (system) applies. #buy',
  );
  expect(requested).toContain("/loader.js");
  expect(requested.filter((path) => path.includes("loader-api"))).toEqual([]);
});

test("a complete forged by another frame or by the page itself fires nothing and redirects nowhere", async ({
  page,
  host,
}) => {
  const { events } = await recordEvents(page);
  const forged = JSON.stringify({
    v: 1,
    type: "complete",
    status: "success",
    plan_id: PLAN,
    receipt_id: "r_Forged000000001",
    session_id: null,
    redirect_url: "https://evil.example/",
  });
  host.page(
    "/forger.html",
    `<!doctype html><script>
      const forged = ${forged};
      parent.postMessage(forged, "*");
      parent.postMessage({ type: "whop-checkout:hello", channel: "0,0,0,0" }, "*");
      parent.postMessage("forged-sent", "*");
    </script>`,
  );
  const url = host.page(
    "/forged.html",
    hostPage(`<div data-whop-checkout-plan-id="${PLAN}"></div>`),
  );
  await page.goto(url);
  await expect(checkoutFrame(page).getByLabel("Email")).toBeVisible();
  await page.evaluate(
    ([message, forgerUrl]) =>
      new Promise<void>((done) => {
        // The page's own scripts post to the window, as a hostile third-party script could.
        window.postMessage(JSON.parse(message!), "*");
        addEventListener("message", (event) => event.data === "forged-sent" && done());
        const forger = document.createElement("iframe");
        forger.src = forgerUrl!;
        document.body.append(forger);
      }),
    [forged, `${host.origin}/forger.html`],
  );
  // Give any (wrongly) accepted message time to be dispatched before checking for its effect.
  await page.evaluate(() => new Promise((done) => setTimeout(done, 200)));
  expect(completeEvents(events)).toEqual([]);
  expect(page.url()).toBe(url);
});

test("a javascript: redirect URL from a tampered answer is refused", async ({ page, host }) => {
  const { events, consoleErrors } = await recordEvents(page);
  let dialogs = 0;
  page.on("dialog", (dialog) => {
    dialogs += 1;
    void dialog.dismiss();
  });
  await page.route(`${origins().checkout}/api/v1/payments`, async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    body.redirect_url = "javascript:alert(document.domain)";
    await route.fulfill({ response, json: body });
  });
  const url = host.page(
    "/tampered.html",
    hostPage(`<div id="buy" data-whop-checkout-plan-id="${PLAN}"></div>`),
  );
  await page.goto(url);
  await pay(checkoutFrame(page), `tampered-${Date.now()}@example.com`);
  await expect
    .poll(() => consoleErrors.find((text) => text.includes("javascript:alert(document.domain)")))
    .toBe(
      '[whop-checkout] Not redirected: "javascript:alert(document.domain)" is not an http(s) URL. #buy',
    );
  expect(completeEvents(events)).toHaveLength(1);
  expect(page.url()).toBe(url);
  expect(dialogs).toBe(0);
});

test("a javascript: return-url is refused, named, and the platform's redirect is used", async ({
  page,
  host,
}) => {
  const { consoleErrors } = await recordEvents(page);
  await page.goto(
    host.page(
      "/return-url.html",
      hostPage(
        `<div id="buy" data-whop-checkout-plan-id="${PLAN}" data-whop-checkout-return-url="javascript:alert(1)"></div>`,
      ),
    ),
  );
  const frame = checkoutFrame(page);
  await fillCard(frame, {
    email: `return-url-${Date.now()}@example.com`,
    number: "4242 4242 4242 4242",
  });
  await frame.getByRole("button", { name: /^Pay / }).click();
  await page.waitForURL(/\/thank-you\.html\?/);
  expect(new URL(page.url()).origin).toBe(origins().demo);
  expect(consoleErrors).toContain(
    `[whop-checkout] data-whop-checkout-return-url="javascript:alert(1)" is not an http(s) URL or a path; the platform's redirect setting applies. #buy`,
  );
});

test("a return-url path that resolves to another origin is refused, named, and the platform's redirect is used", async ({
  page,
  host,
}) => {
  const { consoleErrors } = await recordEvents(page);
  const visited: string[] = [];
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) visited.push(new URL(frame.url()).origin);
  });
  await page.goto(
    host.page(
      "/return-url-path.html",
      hostPage(
        `<div id="buy" data-whop-checkout-plan-id="${PLAN}" data-whop-checkout-return-url="/\\evil.example/x"></div>`,
      ),
    ),
  );
  const frame = checkoutFrame(page);
  await fillCard(frame, {
    email: `return-url-path-${Date.now()}@example.com`,
    number: "4242 4242 4242 4242",
  });
  await frame.getByRole("button", { name: /^Pay / }).click();
  await page.waitForURL(/\/thank-you\.html\?/);
  expect(new URL(page.url()).origin).toBe(origins().demo);
  expect(visited.every((origin) => origin !== "http://evil.example")).toBe(true);
  expect(consoleErrors).toContain(
    `[whop-checkout] data-whop-checkout-return-url="/\\evil.example/x" is not an http(s) URL or a path; the platform's redirect setting applies. #buy`,
  );
});

test("open() shows the checkout in a modal dialog and resolves with the receipt", async ({
  page,
  host,
}) => {
  await page.goto(
    host.page(
      "/modal.html",
      hostPage(
        `<button id="opener">Buy in a dialog</button>
         <script>
           document.getElementById("opener").addEventListener("click", async () => {
             window.result = await WhopCheckout.open({ planId: "${PLAN}", theme: "dark" });
           });
         </script>`,
      ),
    ),
  );
  const result = () => page.evaluate(() => (window as never as { result?: unknown }).result);

  // Escape closes it: an error result, and focus goes back to the opener.
  await page.getByRole("button", { name: "Buy in a dialog" }).click();
  const dialog = page.getByRole("dialog", { name: "Checkout" });
  await expect(dialog).toBeVisible();
  await expect(checkoutFrame(page, "dialog").getByLabel("Email")).toBeVisible();
  // Designed: a rounded panel in the theme's colours on a dimmed backdrop, the checkout at its
  // full width, a round 44 px Close button above it that starts with focus.
  const close = dialog.getByRole("button", { name: "Close" });
  await expect(close).toBeFocused();
  const look = await dialog.evaluate((element) => {
    const panel = element.querySelector("div")!;
    const button = element.querySelector("button")!.getBoundingClientRect();
    const frame = element.querySelector("iframe")!.getBoundingClientRect();
    const box = panel.getBoundingClientRect();
    return {
      radius: getComputedStyle(panel).borderRadius,
      background: getComputedStyle(panel).backgroundColor,
      backdrop: getComputedStyle(element, "::backdrop").backgroundColor,
      button: [button.width, button.height, button.bottom <= box.top],
      frameWidth: frame.width === box.width,
    };
  });
  expect(look).toEqual({
    radius: "16px",
    background: "rgb(17, 18, 22)",
    backdrop: "rgba(12, 13, 16, 0.55)",
    button: [44, 44, true],
    frameWidth: true,
  });
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect.poll(result).toMatchObject({ status: "error" });
  await expect(page.locator("#opener")).toBeFocused();

  // A click on the backdrop closes it too.
  await page.getByRole("button", { name: "Buy in a dialog" }).click();
  await expect(dialog).toBeVisible();
  await page.mouse.click(3, 3);
  await expect(dialog).toHaveCount(0);

  // A purchase resolves with the receipt id and closes the dialog, without navigating.
  await page.evaluate(() => {
    (window as never as { result?: unknown }).result = undefined;
  });
  await page.getByRole("button", { name: "Buy in a dialog" }).click();
  const frame = checkoutFrame(page, "dialog");
  await expect(frame.locator("html")).toHaveAttribute("data-theme", "dark");
  await fillCard(frame, {
    email: `modal-${Date.now()}@example.com`,
    number: "4242 4242 4242 4242",
  });
  await frame.getByRole("button", { name: /^Pay / }).click();
  await expect
    .poll(result)
    .toMatchObject({ status: "ok", data: { receipt_id: expect.stringMatching(/^r_/) } });
  await expect(dialog).toHaveCount(0);
  await expect(page.locator("#opener")).toBeFocused();
  expect(new URL(page.url()).pathname).toBe("/modal.html");
});

test("a host page with a strict CSP works, inline and in the modal, with no violation", async ({
  page,
  host,
}) => {
  const { consoleErrors, events } = await recordEvents(page);
  const checkout = origins().checkout;
  const csp = strictCsp(checkout);
  expect(csp).not.toContain("unsafe-inline");
  host.page(
    "/csp.js",
    `window.violations = [];
     document.addEventListener("securitypolicyviolation", (e) => window.violations.push(e.violatedDirective + " " + e.blockedURI));
     document.addEventListener("DOMContentLoaded", () => {
       document.getElementById("opener").addEventListener("click", async () => {
         window.result = await WhopCheckout.open({ planId: "${PLAN}" });
       });
     });`,
    { "Content-Type": "text/javascript; charset=utf-8" },
  );
  await page.goto(
    host.page(
      "/strict.html",
      `<!doctype html><html><head><meta charset="utf-8">
       <script src="/csp.js"></script>
       <script async src="%CHECKOUT_ORIGIN%/loader.js"></script>
       </head><body>
       <button id="opener">Buy in a dialog</button>
       <div data-whop-checkout-plan-id="${PLAN}" data-whop-checkout-theme-accent-color="#ff6243"><a href="/buy">Buy</a></div>
       </body></html>`,
      { "Content-Security-Policy": csp },
    ),
  );
  const inline = checkoutFrame(page, "body > div");
  await expect(inline.getByLabel("Email")).toBeVisible();
  // The iframe follows the height the checkout reports, set without an inline style.
  await expect
    .poll(async () => {
      const resize = events.filter((event) => event.type === "whop-checkout:resize").at(-1);
      const height = await page.locator("body > div iframe").getAttribute("height");
      return (
        resize !== undefined && height === String((resize.detail as { height: number }).height)
      );
    })
    .toBe(true);
  await page.getByRole("button", { name: "Buy in a dialog" }).click();
  await expect(checkoutFrame(page, "dialog").getByLabel("Email")).toBeVisible();
  await page.getByRole("dialog").getByRole("button", { name: "Close" }).click();
  await expect
    .poll(() => page.evaluate(() => (window as never as { result?: unknown }).result))
    .toMatchObject({
      status: "error",
    });
  expect(
    await page.evaluate(() => (window as never as { violations: string[] }).violations),
  ).toEqual([]);
  expect(consoleErrors.filter((text) => /Content.Security.Policy|Refused to/i.test(text))).toEqual(
    [],
  );
  // Nothing the loader added carries a style attribute, and it added no <style>.
  expect(await page.locator("[style], style").count()).toBe(0);
});

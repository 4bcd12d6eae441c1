// The loader in a real browser: the events it fires on the page, the callbacks it calls and the
// redirect after a purchase, and what it refuses from other frames.
import { checkoutFrame, expect, fillCard, recordEvents, test } from "./fixtures.ts";
import { completeEvents, hostPage, PLAN, pay } from "./loader-pages.ts";

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

import { RESERVED_HEIGHT } from "../../loader/mount.ts";
import { expect, origins, test } from "./fixtures.ts";

/**
 * How the checkout page loads: the shell paints a skeleton of the form's height, the plan data
 * is requested (preload) before the app bundle has arrived, and the app is ready right after
 * the bundle. Figures are printed, not asserted (no timing assertions in the test suite): the
 * assertions are about order and layout.
 */
test("skeleton height, early plan request and time to ready", async ({ page }) => {
  await page.setViewportSize({ width: 460, height: 900 });
  const url = `${origins().checkout}/embed/checkout?planId=plan_DemoOneTime01&theme=light`;
  // The bundle is held back until the skeleton has been measured (a fixed delay could run out
  // first on a busy machine), which also shows that the plan is requested without waiting for
  // the bundle.
  const order: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("/api/v1/plans/")) order.push("plan requested");
  });
  let releaseBundle!: () => void;
  const bundleHeld = new Promise<void>((done) => {
    releaseBundle = done;
  });
  await page.route("**/assets/*.js", async (route) => {
    await bundleHeld;
    order.push("bundle released");
    await route.continue();
  });
  await page.goto(url, { waitUntil: "commit" });
  const skeleton = page.locator(".skeleton");
  await expect(skeleton).toBeVisible();
  const skeletonHeight = await page
    .locator("#app")
    .evaluate((app) => Math.round(app.getBoundingClientRect().height));
  releaseBundle();
  await expect(page.getByLabel("Email")).toBeVisible();
  const readyHeight = await page
    .locator("#app")
    .evaluate((app) => Math.round(app.getBoundingClientRect().height));
  // Within a few pixels: the iframe is sized before the app renders and does not jump, and the
  // loader's reserved height is the form's, so the host page does not shift either.
  expect(Math.abs(readyHeight - skeletonHeight)).toBeLessThanOrEqual(8);
  expect(Math.abs(readyHeight - RESERVED_HEIGHT)).toBeLessThanOrEqual(2);
  expect(order).toEqual(["plan requested", "bundle released"]);

  await page.unroute("**/assets/*.js");
  const samples: number[] = [];
  for (let run = 0; run < 5; run++) {
    await page.goto(url);
    await expect(page.getByLabel("Email")).toBeVisible();
    const timing = await page.evaluate(() => {
      const resources = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
      const plan = resources.filter((entry) => entry.name.includes("/api/v1/plans/"));
      const script = resources.find((entry) => /\/assets\/.*\.js$/.test(entry.name))!;
      return {
        planRequests: plan.length,
        planStart: plan[0]!.startTime,
        scriptEnd: script.responseEnd,
        ready: performance.getEntriesByName("checkout-ready")[0]!.startTime,
      };
    });
    // One request for the plan: the app's fetch is answered by the shell's preload.
    expect(timing.planRequests).toBe(1);
    samples.push(timing.ready);
    if (run === 0) console.log("first load:", JSON.stringify(timing));
  }
  samples.sort((a, b) => a - b);
  console.log(
    `skeleton ${skeletonHeight}px, ready ${readyHeight}px; time to ready (navigation start → checkout-ready), median of 5 loads on loopback: ${samples[2]!.toFixed(0)} ms`,
  );
});

/**
 * A browser's first `Intl` formatter loads its locale data (some 20 ms in a fresh checkout
 * frame), so what the first render shows in the buyer's format comes made by the shell: the
 * plan's prices and the sorted country names. Any formatter built before ready would bring
 * that cost back; this counts them.
 */
test("builds no Intl formatter before it is ready, in any language", async ({ page }) => {
  await page.addInitScript(() => {
    const built: string[] = [];
    Object.assign(window, { intlBuiltBeforeReady: built });
    for (const name of ["NumberFormat", "DisplayNames", "Collator", "PluralRules"] as const) {
      const Original = Intl[name] as unknown as new (...args: unknown[]) => object;
      Object.defineProperty(Intl, name, {
        configurable: true,
        writable: true,
        value: class extends Original {
          constructor(...args: unknown[]) {
            if (!performance.getEntriesByName("checkout-ready").length) built.push(name);
            super(...args);
          }
        },
      });
    }
  });
  for (const [locale, price] of [
    ["en", "$49.00"],
    ["de", "49,00 $"],
    ["ja", "$49.00"],
  ]) {
    await page.goto(
      `${origins().checkout}/embed/checkout?planId=plan_DemoOneTime01&theme=light&locale=${locale}`,
    );
    await page.waitForFunction(() => performance.getEntriesByName("checkout-ready").length > 0);
    const shown = await page.getByTestId("price").textContent();
    expect(shown?.replace(/\s/g, " ")).toBe(price);
    const countries = page.locator("#country option");
    expect(await countries.count()).toBeGreaterThan(200);
    expect(await page.evaluate(() => Reflect.get(window, "intlBuiltBeforeReady"))).toEqual([]);
  }
});

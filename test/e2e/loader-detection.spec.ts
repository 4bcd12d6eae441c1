// How the loader finds containers in a real browser: the style engine points each one out when
// it is rendered (see loader/index.ts), so these cases need real CSS, not the unit tests' stand-in.
import { expect, test } from "./fixtures.ts";
import { PLAN } from "./loader-pages.ts";

test("finds containers added, shown, given the attribute or animated by the page, and keeps its events to itself", async ({
  page,
  host,
}) => {
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await page.goto(
    host.page(
      "/detection.html",
      `<!doctype html><html><head><meta charset="utf-8">
       <style>
         @keyframes fade { from { opacity: 0 } }
         .animated { animation: fade 300ms }
       </style>
       <script src="%CHECKOUT_ORIGIN%/loader.js"></script>
       </head><body>
       <main id="main"></main>
       <div id="hidden-at-load" hidden data-whop-checkout-plan-id="${PLAN}"></div>
       <script>
         // A page that closes a panel at the end of its own animation, without looking at
         // which element's animation ended: the loader's must never reach it.
         window.pageAnimationEvents = [];
         for (const type of ["animationstart", "animationend", "animationcancel"]) {
           document.getElementById("main").addEventListener(type, (event) => {
             window.pageAnimationEvents.push(type + ":" + event.animationName);
           });
         }
       </script>
       </body></html>`,
    ),
  );
  // Hidden at load: found by the first look at the document, so it loads ahead of being shown.
  await expect(page.locator("#hidden-at-load iframe")).toHaveCount(1);

  await page.evaluate((plan) => {
    const main = document.getElementById("main")!;
    const add = (id: string, setup: (element: HTMLElement) => void) => {
      const element = document.createElement("div");
      element.id = id;
      element.dataset.whopCheckoutPlanId = plan;
      setup(element);
      main.append(element);
    };
    // Deep inside markup added in one go, as a framework renders.
    const wrapper = document.createElement("section");
    wrapper.innerHTML = `<article><div id="deep" data-whop-checkout-plan-id="${plan}"></div></article>`;
    main.append(wrapper);
    add("animated", (element) => element.classList.add("animated"));
    add("hidden-later", (element) => {
      element.hidden = true;
    });
    const plain = document.createElement("div");
    plain.id = "gains-attribute";
    main.append(plain);
    // The page's own animation, on an element of its own.
    main.append(Object.assign(document.createElement("p"), { className: "animated" }));
  }, PLAN);
  await expect(page.locator("#deep iframe")).toHaveCount(1);
  await expect(page.locator("#animated iframe")).toHaveCount(1);
  // Added hidden: found when first rendered.
  await expect(page.locator("#hidden-later iframe")).toHaveCount(0);
  await page.evaluate(() => {
    document.getElementById("hidden-later")!.hidden = false;
    document.getElementById("gains-attribute")!.dataset.whopCheckoutPlanId = "plan_DemoOneTime01";
  });
  await expect(page.locator("#hidden-later iframe")).toHaveCount(1);
  await expect(page.locator("#gains-attribute iframe")).toHaveCount(1);

  // Moved in a later task: released on removal, found again where it lands.
  await page.evaluate(() => document.getElementById("deep")!.remove());
  await expect(page.locator("iframe")).toHaveCount(4);
  await page.evaluate(() => {
    const deep = document.createElement("div");
    deep.id = "deep";
    deep.dataset.whopCheckoutPlanId = "plan_DemoOneTime01";
    document.getElementById("main")!.prepend(deep);
  });
  await expect(page.locator("#deep iframe")).toHaveCount(1);
  await expect(page.locator("iframe")).toHaveCount(5);

  // The page's own animation events still reach it; none of the loader's did. (A container's
  // own animation gives way to the loader's: `#animated` was found, its fade never ran.)
  await expect
    .poll(() =>
      page.evaluate(
        () => (window as unknown as { pageAnimationEvents: string[] }).pageAnimationEvents,
      ),
    )
    .toContain("animationend:fade");
  const seen = await page.evaluate(
    () => (window as unknown as { pageAnimationEvents: string[] }).pageAnimationEvents,
  );
  expect(seen.filter((entry) => entry.includes("whop-checkout"))).toEqual([]);
  expect(pageErrors).toEqual([]);
});

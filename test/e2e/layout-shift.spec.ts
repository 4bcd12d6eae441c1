import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "@playwright/test";
import { expect, origins, recordEvents, test } from "./fixtures.ts";

/** Every page of the demo site, as the demo origin serves it. */
const PAGES = readdirSync(join(process.cwd(), "demo"))
  .filter((file) => file.endsWith(".html"))
  .map((file) => (file === "index.html" ? "/" : `/${file}`));

const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
};

interface Shift {
  value: number;
  sources: string[];
}

/** Records the host page's layout shifts (not the checkout's own, inside its frame) from the start. */
async function observeLayoutShifts(page: Page) {
  await page.addInitScript(() => {
    const shifts: { value: number; sources: string[] }[] = [];
    (window as unknown as { __shifts: typeof shifts }).__shifts = shifts;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & {
        value: number;
        hadRecentInput: boolean;
        sources: { node?: Node; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[];
      })[]) {
        if (entry.hadRecentInput) continue;
        const rect = (r: DOMRectReadOnly) => `${r.x},${r.y} ${r.width}x${r.height}`;
        const sources = entry.sources.map(
          ({ node, previousRect, currentRect }) =>
            `${rect(previousRect)}→${rect(currentRect)} ` +
            (node instanceof Element
              ? `<${node.localName}${node.id ? `#${node.id}` : ""}${node.className ? `.${String(node.className).replaceAll(" ", ".")}` : ""}>`
              : String(node?.nodeName)),
        );
        shifts.push({ value: entry.value, sources });
      }
    }).observe({ type: "layout-shift", buffered: true });
  });
  return () => page.evaluate(() => (window as unknown as { __shifts: Shift[] }).__shifts);
}

for (const [viewportName, viewport] of Object.entries(VIEWPORTS)) {
  for (const path of PAGES) {
    test(`${path} does not shift while its checkouts load (${viewportName})`, async ({ page }) => {
      const { demo } = origins();
      await page.setViewportSize(viewport);
      const { events } = await recordEvents(page);
      const shifts = await observeLayoutShifts(page);
      await page.goto(`${demo}${path}`, { waitUntil: "load" });
      // Ready: every embed on the page has said so, and has had time to apply its own height.
      const embeds = await page.locator("[data-whop-checkout-plan-id]").count();
      await expect
        .poll(() => events.filter((event) => event.type === "whop-checkout:ready").length)
        .toBe(embeds);
      await page.waitForTimeout(embeds ? 1000 : 300);
      const recorded = await shifts();
      const heights = await page
        .locator("[data-whop-checkout-plan-id] iframe")
        .evaluateAll((frames) => frames.map((frame) => (frame as HTMLIFrameElement).height));
      const cumulative = recorded.reduce((sum, shift) => sum + shift.value, 0);
      test.info().annotations.push({
        type: "cumulative layout shift",
        description: `${cumulative.toFixed(4)}, frames ${heights.join(", ")} px high`,
      });
      console.log(
        `CLS ${path} ${viewportName}: ${cumulative.toFixed(4)} frames ${heights} ${JSON.stringify(recorded)}`,
      );
      expect(cumulative, JSON.stringify(recorded)).toBe(0);
    });
  }
}

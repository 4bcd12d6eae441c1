// One measured page load of the host-cost runs: a fresh browser context opens the merchant page,
// adds a candidate's script and waits for its iframes, reading the main thread's time from CDP
// before and after; optionally the page then keeps appending elements (the churn test).
import { setTimeout as sleep } from "node:timers/promises";
import type { Browser, Page } from "@playwright/test";
import { isLoopback } from "./browser.ts";
import { withTimeout } from "./stats.ts";

const CHURN_TASKS = 100;
const CHURN_PER_TASK = 100;
/** Time left after the iframes are attached for deferred work (timers, failed fetches). */
export const SETTLE_MS = 400;

interface Harness {
  injectAndWait(src: string, slots: number): Promise<number>;
  churn(tasks: number, perTask: number): Promise<number>;
}
type HarnessWindow = { benchHarness: Harness };

export interface PageRun {
  attachMs: number;
  scriptMs: number;
  taskMs: number;
  longestTaskMs: number;
  churnMs: number;
  scripts: { url: string; body: Buffer }[];
  blocked: string[];
}

/** The page's record of its longest task, kept by an init script (see `runPage`). */
type LongestTaskWindow = { longestTask: number };

export const FAILED_LOAD = {
  attachMs: Number.NaN,
  scriptMs: Number.NaN,
  taskMs: Number.NaN,
  longestTaskMs: Number.NaN,
};

async function mainThreadMetrics(page: Page) {
  const session = await page.context().newCDPSession(page);
  await session.send("Performance.enable");
  return async () => {
    const { metrics } = await session.send("Performance.getMetrics");
    const value = (name: string) =>
      (metrics.find((metric) => metric.name === name)?.value ?? 0) * 1000;
    return { script: value("ScriptDuration"), task: value("TaskDuration") };
  };
}

export async function runPage(
  browser: Browser,
  hostUrl: string,
  scriptUrl: string | null,
  slots: number,
  withChurn: boolean,
): Promise<PageRun> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript({ path: "bench/page-harness.js" });
    await page.addInitScript(() => {
      const window_ = window as unknown as LongestTaskWindow;
      window_.longestTask = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          window_.longestTask = Math.max(window_.longestTask, entry.duration);
        }
      }).observe({ type: "longtask" });
    });
    const bodies: Promise<{ url: string; body: Buffer }>[] = [];
    const blocked = new Set<string>();
    page.on("response", (response) => {
      if (response.request().resourceType() !== "script") return;
      bodies.push(response.body().then((body) => ({ url: response.url(), body })));
    });
    context.on("request", (request) => {
      if (!isLoopback(request.url())) blocked.add(new URL(request.url()).host);
    });

    await page.goto(`${hostUrl}/host?slots=${slots}`, { waitUntil: "load" });
    const read = await mainThreadMetrics(page);
    // The window starts here: the page's own load is not counted.
    await page.evaluate(() => {
      (window as unknown as LongestTaskWindow).longestTask = 0;
    });
    const before = await read();
    const attachMs = scriptUrl
      ? await withTimeout(
          page.evaluate(
            ({ src, count }) =>
              (window as unknown as HarnessWindow).benchHarness.injectAndWait(src, count),
            {
              src: scriptUrl,
              count: slots,
            },
          ),
          15_000,
          `attaching ${slots} iframes from ${scriptUrl}`,
        )
      : 0;
    await sleep(SETTLE_MS);
    const settled = await read();
    const longestTaskMs = await page.evaluate(
      () => (window as unknown as LongestTaskWindow).longestTask,
    );
    let churnMs = 0;
    let churnScript = 0;
    if (withChurn) {
      churnMs = await withTimeout(
        page.evaluate(
          ({ tasks, perTask }) =>
            (window as unknown as HarnessWindow).benchHarness.churn(tasks, perTask),
          {
            tasks: CHURN_TASKS,
            perTask: CHURN_PER_TASK,
          },
        ),
        30_000,
        "appending elements",
      );
      churnScript = (await read()).script - settled.script;
    }
    return {
      attachMs,
      scriptMs: withChurn ? churnScript : settled.script - before.script,
      taskMs: settled.task - before.task,
      longestTaskMs,
      churnMs,
      scripts: await Promise.all(bodies),
      blocked: [...blocked],
    };
  } finally {
    await context.close();
  }
}

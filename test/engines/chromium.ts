// Chromium through Playwright, with the same Debian binary and flags as the Playwright suite.
import { chromium, type Frame } from "@playwright/test";
import config from "../../playwright.config.ts";
import { type Backend, KEY, VIEWPORT } from "./backend.ts";

const KEY_NAMES: Record<string, string> = Object.fromEntries(
  Object.entries(KEY).map(([name, value]) => [value, name]),
);

export async function chromiumBackend(): Promise<Backend> {
  const browser = await chromium.launch(config.use?.launchOptions);
  const page = await browser.newPage({ viewport: VIEWPORT });
  const frameOf = async (frame?: string): Promise<Frame> => {
    if (!frame) return page.mainFrame();
    const content = await (await page.$(frame))?.contentFrame();
    if (!content) throw new Error(`no iframe ${frame}`);
    return content;
  };
  return {
    async navigate(url) {
      await page.goto(url);
    },
    async evaluate(expression, frame) {
      return (await frameOf(frame)).evaluate(expression) as Promise<string>;
    },
    click: ({ x, y }) => page.mouse.click(x, y),
    async keys(actions) {
      for (const { type, value } of actions) {
        const key = KEY_NAMES[value] ?? value;
        await (type === "keyDown" ? page.keyboard.down(key) : page.keyboard.up(key));
      }
    },
    screenshot: (selector) =>
      page.locator(selector).screenshot({ animations: "disabled", caret: "hide" }),
    close: () => browser.close(),
  };
}

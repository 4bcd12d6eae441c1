// One small browser API over three engines, so a buyer journey is written once and run in each:
// Chromium through Playwright, Firefox ESR through WebDriver BiDi, WebKitGTK through classic
// W3C WebDriver. Journeys act as a buyer does (real pointer clicks, real key presses) and read
// the page with plain DOM queries run in the page, which every engine answers the same way.
import { existsSync } from "node:fs";
import { type Backend, type Engine, KEY, type KeyAction } from "./backend.ts";
import { chromiumBackend } from "./chromium.ts";
import { firefoxBackend } from "./firefox.ts";
import { webkitBackend } from "./webkit.ts";

export { ENGINES, type Engine, KEY } from "./backend.ts";

/** The Debian packages each engine comes from (what `.ci/run` installs when missing). */
const INSTALL: Record<Engine, { binaries: string[]; packages: string }> = {
  chromium: { binaries: [process.env.CHROMIUM_PATH || "/usr/bin/chromium"], packages: "chromium" },
  firefox: { binaries: ["/usr/bin/firefox"], packages: "firefox-esr" },
  webkit: {
    binaries: ["/usr/bin/WebKitWebDriver", "/usr/bin/Xvfb"],
    packages: "webkit2gtk-driver xvfb",
  },
};

const LAUNCH = { chromium: chromiumBackend, firefox: firefoxBackend, webkit: webkitBackend };

const WAIT_MS = 10_000;

const stroke = (value: string): KeyAction[] => [
  { type: "keyDown", value },
  { type: "keyUp", value },
];

export class Browser {
  /** Numbers each click's own marker, so a place seen by an earlier click never counts. */
  private clicks = 0;

  private constructor(
    readonly engine: Engine,
    private readonly backend: Backend,
  ) {}

  /** Starts the engine; a missing one fails with the command that installs it. */
  static async launch(engine: Engine): Promise<Browser> {
    const missing = INSTALL[engine].binaries.filter((path) => !existsSync(path));
    if (missing.length) {
      throw new Error(
        `[${engine}] not installed (${missing.join(", ")} missing). Install it with: ` +
          `apt-get install -y --no-install-recommends ${INSTALL[engine].packages}`,
      );
    }
    return new Browser(engine, await LAUNCH[engine]());
  }

  /** An error that names the engine, so a failure says where it happened. */
  private fail(message: string): Error {
    return new Error(`[${this.engine}] ${message}`);
  }

  goto(url: string): Promise<void> {
    return this.backend.navigate(url);
  }

  /** Runs `fn(...args)` in the page, or in the document of the iframe `frame`. */
  async run<T, A extends unknown[]>(
    fn: (...args: A) => T | Promise<T>,
    args: A = [] as unknown as A,
    frame?: string,
  ): Promise<T> {
    const call = `Promise.resolve().then(() => (${fn})(...${JSON.stringify(args)}))`;
    const json = await this.backend.evaluate(
      `${call}.then((v) => JSON.stringify(v ?? null))`,
      frame,
    );
    return JSON.parse(json) as T;
  }

  /** Polls `fn` until it returns something truthy (errors while a page loads count as not yet). */
  async waitFor<T, A extends unknown[]>(
    what: string,
    fn: (...args: A) => T | Promise<T>,
    args: A = [] as unknown as A,
    frame?: string,
  ): Promise<NonNullable<T>> {
    const deadline = Date.now() + WAIT_MS;
    let last: unknown;
    for (;;) {
      try {
        last = await this.run(fn, args, frame);
        if (last) return last as NonNullable<T>;
      } catch (error) {
        last = error instanceof Error ? error.message : error;
      }
      if (Date.now() > deadline) {
        throw this.fail(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
      }
      await new Promise((done) => setTimeout(done, 100));
    }
  }

  /**
   * Clicks the middle of `selector` (in the iframe `frame`, if given) as a mouse would, once it
   * is uncovered and has kept its place for two looks (an iframe that is still being sized, or
   * a page still laying out, would take the click elsewhere).
   */
  async click(selector: string, frame?: string): Promise<void> {
    const where = frame ? ` in ${frame}` : "";
    const { x, y } = await this.waitFor(
      `${selector} to be visible, uncovered and still${where}`,
      (selector: string, last: string) => {
        const element = document.querySelector(selector);
        if (!element) return null;
        element.scrollIntoView({ block: "center", behavior: "instant" });
        const box = element.getBoundingClientRect();
        const middle = { x: box.left + box.width / 2, y: box.top + box.height / 2 };
        const hit = document.elementFromPoint(middle.x, middle.y);
        const place = JSON.stringify(middle);
        const still = document.documentElement.getAttribute(last) === place;
        document.documentElement.setAttribute(last, place);
        return still && hit && element.contains(hit) ? middle : null;
      },
      [selector, `data-engines-click-${++this.clicks}`],
      frame,
    );
    if (!frame) return this.backend.click({ x: Math.round(x), y: Math.round(y) });
    // The same point in the page, scrolled into its view, where the iframe must be hit.
    const offset = await this.waitFor(
      `${frame} to show ${selector} and keep still`,
      (frame: string, x: number, y: number, last: string) => {
        const iframe = document.querySelector(frame) as HTMLIFrameElement;
        const origin = () => {
          const box = iframe.getBoundingClientRect();
          return { x: box.left + iframe.clientLeft, y: box.top + iframe.clientTop };
        };
        const pageY = origin().y + y;
        if (pageY < 0 || pageY > innerHeight)
          scrollBy({ top: pageY - innerHeight / 2, behavior: "instant" });
        const place = origin();
        const still = document.documentElement.getAttribute(last) === JSON.stringify(place);
        document.documentElement.setAttribute(last, JSON.stringify(place));
        const hit = document.elementFromPoint(place.x + x, place.y + y) === iframe;
        return still && hit ? place : null;
      },
      [frame, x, y, `data-engines-click-${++this.clicks}`],
    );
    const page = { x: Math.round(x + offset.x), y: Math.round(y + offset.y) };
    await this.backend.click(page, { frame, x: Math.round(x), y: Math.round(y) });
  }

  /** Clicks the field `selector` and types `text` into it, key by key. */
  async type(selector: string, text: string, frame?: string): Promise<void> {
    await this.click(selector, frame);
    await this.waitFor(
      `${selector} to have focus`,
      (selector: string) => document.activeElement === document.querySelector(selector),
      [selector],
      frame,
    );
    await this.backend.keys([...text].flatMap(stroke), frame);
  }

  /** Empties the field `selector` as a person does: select all, then delete. */
  async clear(selector: string, frame?: string): Promise<void> {
    await this.click(selector, frame);
    const { Control, Backspace } = KEY;
    const chord: KeyAction[] = [
      { type: "keyDown", value: Control },
      ...stroke("a"),
      { type: "keyUp", value: Control },
      ...stroke(Backspace),
    ];
    await this.backend.keys(chord, frame);
  }

  /** Presses a named key; `frame` is the iframe that has the focus, if any. */
  press(key: keyof typeof KEY, frame?: string): Promise<void> {
    return this.backend.keys(stroke(KEY[key]), frame);
  }

  screenshot(selector: string): Promise<Buffer> {
    return this.backend.screenshot(selector);
  }

  close(): Promise<void> {
    return this.backend.close();
  }
}

// What the engine journeys (journeys.ts) do on a page and read from it, the way a buyer's
// browser shows it, and the platform's stored payments they check against.
import { mkdirSync, writeFileSync } from "node:fs";
import Database from "better-sqlite3";
import { expect } from "vitest";
import type { Browser } from "./driver.ts";

/** Where test runs leave each engine's screenshots (git-ignored; `npm run screenshots:engines` copies them). */
export const SCREENSHOT_DIR = "test-results/engines";

export const origins = () => ({
  checkout: process.env.CHECKOUT_ORIGIN!,
  demo: process.env.DEMO_ORIGIN!,
});

/** The platform's stored payments for a buyer, oldest first. */
export function paymentsOf(email: string) {
  const db = new Database(process.env.TEST_DATABASE_PATH!, { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare("SELECT status, amount FROM payments WHERE email = ? ORDER BY created_at, rowid")
      .all(email) as { status: string; amount: number }[];
  } finally {
    db.close();
  }
}

export const uniqueEmail = (browser: Browser, label: string) =>
  `${label}-${browser.engine}-${Date.now()}@example.com`;

export const INLINE = "#checkout iframe";

/** Waits until the checkout in `frame` has loaded its plan and shows a form or a step. */
export const checkoutReady = (browser: Browser, frame: string) =>
  browser.waitFor(
    `the checkout in ${frame} to be ready`,
    () => {
      const app = document.querySelector("#app");
      return (
        !!app && app.getAttribute("aria-busy") !== "true" && !!app.querySelector("form, .panel")
      );
    },
    [],
    frame,
  );

/**
 * The inline iframe's height once the loader has applied the checkout's own report of it: until
 * then it holds the loader's reserved height, which a shorter form (in an engine with other
 * fonts) may never outgrow, even with its field errors shown.
 */
export async function settledHeight(browser: Browser): Promise<number> {
  let inner = -1;
  let outer = -2;
  for (let look = 0; look < 100 && inner !== outer; look++) {
    if (look) await new Promise((done) => setTimeout(done, 100));
    inner = await browser.run(
      () => Math.ceil(document.getElementById("app")!.getBoundingClientRect().height),
      [],
      INLINE,
    );
    outer = await browser.run(() =>
      Number(document.querySelector("#checkout iframe")!.getAttribute("height")),
    );
  }
  expect(outer, `[${browser.engine}] the iframe's height follows the checkout's`).toBe(inner);
  return outer;
}

/** Fills the payment form in `frame` key by key, as a buyer types it. */
export async function fillCard(browser: Browser, frame: string, email: string, number: string) {
  await browser.type("#email", email, frame);
  await browser.type("#cardNumber", number, frame);
  await browser.type("#expiry", "1234", frame);
  await browser.type("#cvc", "123", frame);
  await browser.type("#name", "Test Buyer", frame);
}

export const textOf = (browser: Browser, selector: string, frame?: string) =>
  browser.run(
    (selector: string) => document.querySelector(selector)?.textContent ?? null,
    [selector],
    frame,
  );

/** What has focus in the page, as `#id` or `<tag>` (headless Firefox's window itself never has). */
export const focused = (browser: Browser) =>
  browser.run(() => {
    const active = document.activeElement;
    return active?.id ? `#${active.id}` : `<${active?.localName}>`;
  });

/** Captures the inline checkout once its iframe has been sized to its content. */
export async function screenshot(browser: Browser, theme: "light" | "dark") {
  const height = await browser.run(
    () => Math.ceil(document.querySelector("#app")!.getBoundingClientRect().height),
    [],
    INLINE,
  );
  await browser.waitFor(
    "the iframe to be sized to the checkout",
    (height: number) =>
      document.querySelector("#checkout iframe")?.getAttribute("height") === String(height),
    [height],
  );
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  writeFileSync(
    `${SCREENSHOT_DIR}/${browser.engine}-${theme}.png`,
    await browser.screenshot("#checkout"),
  );
}

/** Waits for the thank-you page and returns its query once the server has verified the receipt. */
export async function thankYou(browser: Browser, amount: string, email: string) {
  await browser.waitFor(
    "the redirect to the thank-you page",
    () => location.pathname === "/thank-you.html",
  );
  const verdict = await browser.waitFor(
    "the receipt to be verified",
    () =>
      document.querySelector("[data-verdict]")?.getAttribute("data-verdict") !== "pending" &&
      document.querySelector("[data-verdict]")?.textContent,
  );
  expect(verdict).toContain(`${amount} paid by ${email}`);
  return Object.fromEntries(new URL(await browser.run(() => location.href)).searchParams);
}

import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import {
  test as base,
  type ConsoleMessage,
  expect,
  type Frame,
  type FrameLocator,
  type Page,
} from "@playwright/test";
import Database from "better-sqlite3";
import { frameMessageTypes } from "../../src/protocol/index.ts";

export { expect };

export const origins = () => ({
  checkout: process.env.CHECKOUT_ORIGIN!,
  demo: process.env.DEMO_ORIGIN!,
});

/** Reads the platform's database directly, read-only, to check what was really stored. */
export function queryDb<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(process.env.TEST_DATABASE_PATH!, { readonly: true, fileMustExist: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

export interface RecordedEvent {
  type: string;
  detail: unknown;
  url: string;
}

/**
 * Records every whop-checkout:* event and console error of the page, across navigations (the
 * recorder is a Playwright binding, so it survives the redirect after a purchase).
 */
export async function recordEvents(page: Page) {
  const events: RecordedEvent[] = [];
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error")
      void describeConsole(message).then((text) => consoleErrors.push(text));
  });
  await page.exposeFunction("__recordCheckoutEvent", (event: RecordedEvent) => {
    events.push(event);
  });
  const names = frameMessageTypes().filter(
    (type) => type !== "warning" && type !== "email" && type !== "address",
  );
  await page.addInitScript((types) => {
    for (const name of types) {
      document.addEventListener(`whop-checkout:${name}`, (event) => {
        const record = (window as unknown as { __recordCheckoutEvent: (e: unknown) => void })
          .__recordCheckoutEvent;
        record({ type: event.type, detail: (event as CustomEvent).detail, url: location.href });
      });
    }
  }, names);
  return { events, consoleErrors };
}

/**
 * A console message as a person reads it in DevTools: an element argument (the loader passes
 * the embed's container) shows as `#id`, or `<tag>` without an id, instead of "JSHandle@node".
 */
async function describeConsole(message: ConsoleMessage): Promise<string> {
  const parts = await Promise.all(
    message.args().map(async (arg) => {
      const element = arg.asElement();
      if (!element) return String(await arg.jsonValue().catch(() => arg.toString()));
      return element
        .evaluate((node) => (node.id ? `#${node.id}` : `<${node.localName}>`))
        .catch(() => "<element>");
    }),
  );
  return parts.length ? parts.join(" ") : message.text();
}

/** The checkout iframe inside `container` (a CSS selector on the host page). */
export const checkoutFrame = (
  page: Page,
  container = "[data-whop-checkout-plan-id]",
): FrameLocator => page.frameLocator(`${container} iframe`);

export async function fillCard(
  frame: FrameLocator,
  card: { email?: string; number: string; expiry?: string; cvc?: string; name?: string },
) {
  await frame.getByLabel("Email").fill(card.email ?? "buyer@example.com");
  await frame.getByLabel("Card number").fill(card.number);
  await frame.getByLabel("Expiry (MM / YY)").fill(card.expiry ?? "12/34");
  await frame.getByLabel("Security code").fill(card.cvc ?? "123");
  await frame.getByLabel("Name on card").fill(card.name ?? "Test Buyer");
}

export const frameOf = (page: Page, checkoutOrigin: string): Frame | undefined =>
  page.frames().find((frame) => frame.url().startsWith(checkoutOrigin));

export interface HostServer {
  origin: string;
  /** Serves `html` at `path` (with `%CHECKOUT_ORIGIN%` filled in) and returns its URL. */
  page(path: string, html: string, headers?: Record<string, string>): string;
}

/** A merchant page on its own loopback origin: a real server, as the browser must see one. */
async function startHostServer(): Promise<HostServer & { close(): Promise<void> }> {
  const pages = new Map<string, { html: string; headers: Record<string, string> }>();
  // Long query strings (a 20,000-character utm_* value) reach the page, as on real sites.
  const server = createServer({ maxHeaderSize: 64 * 1024 }, (request, response) => {
    const page = pages.get(new URL(request.url ?? "/", "http://x").pathname);
    if (!page) {
      response.writeHead(404).end("Not found");
      return;
    }
    response.writeHead(200, { "Content-Type": "text/html; charset=utf-8", ...page.headers });
    response.end(page.html.replaceAll("%CHECKOUT_ORIGIN%", origins().checkout));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    page(path, html, headers = {}) {
      pages.set(path, { html, headers });
      return `${origin}${path}`;
    },
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

export const test = base.extend<object, { host: HostServer }>({
  host: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright requires a destructuring pattern.
    async ({}, use) => {
      const server = await startHostServer();
      await use(server);
      await server.close();
    },
    { scope: "worker" },
  ],
});

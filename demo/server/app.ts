import { existsSync, readFileSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { Hono } from "hono";
import { escapeHtml } from "../../src/server/http/escape-html.ts";
import { serveFavicon } from "../../src/server/http/favicon.ts";
import { confirmationHtml, type MerchantBackend } from "./merchant.ts";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

/** The demo's pages, each a lesson in one way to embed; shown as the site's navigation. */
const DEMO_PAGES: { path: string; title: string }[] = [
  { path: "/", title: "Full example" },
  { path: "/pricing.html", title: "Pricing table" },
  { path: "/dark.html", title: "Dark" },
  { path: "/system.html", title: "System theme" },
  { path: "/spa.html", title: "Single-page app" },
  { path: "/modal.html", title: "Buy-now modal" },
  { path: "/custom-button.html", title: "Own pay button" },
  { path: "/shipping.html", title: "Shipped product" },
  { path: "/strict-csp.html", title: "Strict CSP" },
];

/** The policy of the strict-CSP page: scripts and frames only from the checkout origin. */
export const strictCsp = (checkoutOrigin: string) =>
  [
    "default-src 'none'",
    `script-src 'self' ${checkoutOrigin}`,
    `frame-src ${checkoutOrigin}`,
    "style-src 'self'",
    "img-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join("; ");

function navigation(current: string): string {
  const links = DEMO_PAGES.map(
    ({ path, title }) =>
      `<a href="${path}"${path === current ? ' aria-current="page"' : ""}>${escapeHtml(title)}</a>`,
  ).join("");
  return `<header class="site"><strong>Acme Creators</strong><nav aria-label="Demo pages">${links}</nav></header>`;
}

interface DemoAppOptions {
  demoDir: string;
  checkoutOrigin: string;
  /** The merchant's server side, holding the demo company's API key. */
  merchant: MerchantBackend;
  /** The plan the full example sells (a session is created for it on every view). */
  fullExamplePlanId: string;
}

/**
 * The merchant's site, on its own origin. Pages name the checkout origin as
 * `%CHECKOUT_ORIGIN%` (ports are configurable) and the shared navigation as `%NAV%`.
 */
export function createDemoApp({
  demoDir,
  checkoutOrigin,
  merchant,
  fullExamplePlanId,
}: DemoAppOptions) {
  const app = new Hono();
  const csp = strictCsp(checkoutOrigin);
  serveFavicon(app);

  /** Values computed on the server for some pages, filled into their `%NAME%` placeholders. */
  const pageValues: Record<string, (query: URLSearchParams) => Promise<Record<string, string>>> = {
    // The pattern to copy: create the session server-side, with metadata, then embed its id.
    "/index.html": async () => {
      const orderRef = `order_${Date.now().toString(36)}`;
      try {
        const session = await merchant.createSession(fullExamplePlanId, {
          source: "demo",
          page: "full-example",
          order_ref: orderRef,
        });
        return {
          SESSION_ID: session.id,
          SESSION_NOTE: `Session ${session.id} carries order_ref ${orderRef}.`,
        };
      } catch (error) {
        console.error("[whop-checkout] demo could not create a checkout session:", error);
        return {
          SESSION_ID: "",
          SESSION_NOTE: `Could not create a checkout session: ${(error as Error).message}`,
        };
      }
    },
    "/thank-you.html": async (query) => ({ CONFIRMATION: await confirmationHtml(merchant, query) }),
  };

  app.get("*", async (c) => {
    const path = c.req.path === "/" ? "/index.html" : c.req.path;
    const file = normalize(join(demoDir, path));
    const type = TYPES[extname(file)];
    if (!file.startsWith(demoDir) || !type || !existsSync(file)) return c.text("Not found", 404);
    const values = (await pageValues[path]?.(new URL(c.req.url).searchParams)) ?? {};
    let text = readFileSync(file, "utf8");
    for (const [name, value] of Object.entries(values)) {
      // CONFIRMATION is HTML built (and escaped) by confirmationHtml; the rest is plain text.
      text = text.replaceAll(`%${name}%`, name === "CONFIRMATION" ? value : escapeHtml(value));
    }
    text = text
      .replaceAll("%CHECKOUT_ORIGIN%", checkoutOrigin)
      .replaceAll("%NAV%", navigation(c.req.path))
      .replaceAll("%CSP%", escapeHtml(csp));
    const headers: Record<string, string> = { "Content-Type": type, "Cache-Control": "no-store" };
    if (path === "/strict-csp.html") headers["Content-Security-Policy"] = csp;
    return c.body(text, 200, headers);
  });
  return app;
}

import { Hono } from "hono";
import { resolveCatalog } from "../../locales/index.ts";
import type { EmbedConfig } from "../../protocol/index.ts";
import { readEmbedQuery } from "../embed-query.ts";
import type { Store } from "../store/store.ts";

/** The built app's entry: its script and stylesheets, from Vite's manifest. */
export interface AppEntry {
  script: string;
  styles: string[];
  preloads: string[];
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * Origins are written into a CSP header, so only well-formed http(s) origins pass (a `*`
 * subdomain or port wildcard is allowed, as CSP allows it).
 */
export const EMBED_ORIGIN = /^https?:\/\/(\*\.)?[a-z0-9.-]+(:(\d{1,5}|\*))?$/i;

export function frameAncestors(origins: string[]): string {
  const safe = origins.filter((origin) => origin === "*" || EMBED_ORIGIN.test(origin));
  return safe.length ? safe.join(" ") : "'none'";
}

/** One labelled input of the skeleton; the skeleton mirrors the payment form's layout. */
const SKELETON_FIELD = '<div><div class="sk sk-label"></div><div class="sk sk-input"></div></div>';

/** JSON that is safe inside a `<script>` element (no `</script>` or `<!--` can appear). */
const inlineJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

/**
 * The iframe's HTML shell. It is rendered with the theme and language already applied (no flash
 * of the wrong theme), the checked embed settings and the buyer's translations inlined as data,
 * a skeleton of the form's height, the app's hashed assets, and a preload of the plan data so
 * the API round trip overlaps with loading the bundle.
 */
export function renderShell(entry: AppEntry, config: EmbedConfig, catalog = resolveCatalog(null)) {
  const planUrl = config.planId ? `/api/v1/plans/${config.planId}` : null;
  return `<!doctype html>
<html lang="${escapeHtml(catalog.locale)}" dir="${catalog.dir}" data-theme="${config.theme}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Checkout</title>
${entry.styles.map((href) => `<link rel="stylesheet" href="/${escapeHtml(href)}">`).join("\n")}
${planUrl ? `<link rel="preload" as="fetch" href="${planUrl}" crossorigin="anonymous">` : ""}
${entry.preloads.map((href) => `<link rel="modulepreload" href="/${escapeHtml(href)}">`).join("\n")}
<script type="module" src="/${escapeHtml(entry.script)}"></script>
<script type="application/json" id="config">${inlineJson(config)}</script>
<script type="application/json" id="i18n">${inlineJson(catalog)}</script>
</head>
<body>
<main id="app" aria-busy="true">
<div class="card skeleton" aria-hidden="true">
<div class="summary"><div class="sk sk-seller"></div><div class="sk sk-title"></div><div class="sk sk-line"></div><div class="sk sk-price"></div></div>
<div class="form">${SKELETON_FIELD}<div><div class="sk sk-label"></div><div class="sk sk-card"></div></div>${SKELETON_FIELD}${SKELETON_FIELD}
<div class="sk sk-link"></div><div class="sk sk-button"></div><div class="sk sk-fine"></div></div>
</div>
</main>
</body>
</html>`;
}

export interface EmbedOptions {
  store: Store;
  entry: AppEntry | null;
  /** Origins allowed to frame a checkout whose company has none configured. */
  defaultFrameAncestors: string[];
}

/** `GET /embed/checkout?planId=…&theme=…&…&channel=…&origin=…` (see `readEmbedQuery`) */
export function embedRoutes({ store, entry, defaultFrameAncestors }: EmbedOptions) {
  return new Hono().get("/checkout", (c) => {
    const search = new URL(c.req.url).search;
    const config = readEmbedQuery(search);
    const planId = config.planId ?? sessionPlan(store, config.sessionId);
    const company = planId ? (store.getPlanContext(planId)?.company ?? null) : null;
    const ancestors = company?.allowed_origins.length
      ? company.allowed_origins
      : defaultFrameAncestors;

    c.header(
      "Content-Security-Policy",
      [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' https: data:",
        "font-src 'self'",
        "connect-src 'self'",
        "form-action 'none'",
        "base-uri 'none'",
        `frame-ancestors ${frameAncestors(ancestors)}`,
      ].join("; "),
    );
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Referrer-Policy", "strict-origin-when-cross-origin");
    c.header("Cache-Control", "no-store");

    if (!entry) {
      return c.text("The checkout app is not built. Run `npm run build` first.", 503);
    }
    const catalog = resolveCatalog(c.req.query("locale") ?? null, c.req.header("accept-language"));
    c.header("Vary", "Accept-Language");
    return c.html(renderShell(entry, config, catalog));
  });
}

/** The plan a session sells, for a session-only embed (its seller's framing rules apply). */
const sessionPlan = (store: Store, sessionId: string | null) =>
  (sessionId && store.getSession(sessionId)?.plan_id) || null;

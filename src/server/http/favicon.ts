import type { Hono } from "hono";

/** Where both origins serve their icon; pages link it with `<link rel="icon">`. */
export const FAVICON_PATH = "/favicon.svg";

/** A rounded square with a check mark, legible at 16 px in light and dark browser chrome. */
const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#0b57d0"/><path d="M9 16.5l4.5 4.5L23 11.5" fill="none" stroke="#fff" stroke-width="3.5" stroke-linecap="round" stroke-linejoin="round"/></svg>`;

/**
 * Serves the icon, and answers the browser's own `/favicon.ico` request (pages without a link,
 * such as a plain-text 404) with a redirect to it rather than a 404.
 */
export function serveFavicon(app: Hono): void {
  app.get(FAVICON_PATH, (c) =>
    c.body(FAVICON_SVG, 200, {
      "Content-Type": "image/svg+xml",
      "Cache-Control": "public, max-age=86400",
      "X-Content-Type-Options": "nosniff",
    }),
  );
  app.get("/favicon.ico", (c) => c.redirect(FAVICON_PATH, 301));
}

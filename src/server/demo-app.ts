import { existsSync, readFileSync } from "node:fs";
import { extname, join, normalize } from "node:path";
import { Hono } from "hono";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

export interface DemoAppOptions {
  demoDir: string;
  checkoutOrigin: string;
}

/**
 * The merchant's site, on its own origin. Pages name the checkout origin as
 * `%CHECKOUT_ORIGIN%`, filled in here because ports are configurable.
 */
export function createDemoApp({ demoDir, checkoutOrigin }: DemoAppOptions) {
  const app = new Hono();
  app.get("*", (c) => {
    const path = c.req.path === "/" ? "/index.html" : c.req.path;
    const file = normalize(join(demoDir, path));
    const type = TYPES[extname(file)];
    if (!file.startsWith(demoDir) || !type || !existsSync(file)) return c.text("Not found", 404);
    const text = readFileSync(file, "utf8").replaceAll("%CHECKOUT_ORIGIN%", checkoutOrigin);
    return c.body(text, 200, { "Content-Type": type, "Cache-Control": "no-store" });
  });
  return app;
}

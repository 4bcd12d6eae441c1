// Stands in for loader/log.ts when the loader's modules are bundled into an application (the
// npm package). loader.js loads its rarely used helpers from the checkout origin on demand; a
// bundle has them already, and must not read `document` while being imported (server
// rendering), so they are imported statically here and the origin comes from the options.
import type * as Helpers from "../loader/api.ts";
import { getEmail, open, setEmail, submit } from "../loader/api.ts";

// Typed as the whole module, so a helper added to api.ts must be listed here too.
const helpers: typeof Helpers = { getEmail, open, setEmail, submit };

export const logError = (...parts: unknown[]): void => console.error("[whop-checkout]", ...parts);

/** Bundled code has no script tag to learn the checkout origin from: pass `origin`. */
export const scriptOrigin = "";

export const later = <Name extends keyof typeof Helpers>(
  name: Name,
  ...args: Parameters<(typeof Helpers)[Name]>
): Promise<ReturnType<(typeof Helpers)[Name]> | undefined> =>
  // biome-ignore lint/suspicious/noExplicitAny: the signature above types each helper.
  Promise.resolve().then(() => (helpers[name] as any)(...args));

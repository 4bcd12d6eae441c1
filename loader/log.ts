import type * as Helpers from "./api.ts";

/** Every message the loader writes to the console carries this prefix. */
export const logError = (...parts: unknown[]): void => console.error("[whop-checkout]", ...parts);

// The checkout origin is where this script came from; read while the script is executing.
const script = document.currentScript as HTMLScriptElement | null;
export const scriptOrigin = script?.src ? new URL(script.src).origin : "";

let helpers: Promise<typeof Helpers> | undefined;

/**
 * Runs `name` from the on-demand helpers (dist/loader-api.js, from the checkout origin, loaded
 * once): the wording of console errors, what follows a purchase, the programmatic API and the
 * modal. Pages whose embeds are configured correctly and never buy never download it. If it
 * cannot be loaded, the loading error is logged.
 */
export const later = <Name extends keyof typeof Helpers>(
  name: Name,
  ...args: Parameters<(typeof Helpers)[Name]>
): Promise<ReturnType<(typeof Helpers)[Name]> | undefined> =>
  // biome-ignore lint/suspicious/noAssignInExpressions: loaded once, on first use.
  (helpers ||= import(`${scriptOrigin}/loader-api.js`)).then(
    // biome-ignore lint/suspicious/noExplicitAny: the signature above types each helper.
    (module) => (module[name] as any)(...args),
    logError,
  );

import { LOG_PREFIX } from "../src/settings.ts";

/** Writes a console error, prefixed like every message of the checkout. */
export const logError = (...parts: unknown[]): void => console.error(LOG_PREFIX, ...parts);

/** Every message the loader writes to the console carries this prefix. */
export const logError = (...parts: unknown[]): void => console.error("[whop-checkout]", ...parts);

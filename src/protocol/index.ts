/**
 * The one place where the loader, the checkout iframe and the platform API agree on shapes:
 * bridge messages (bridge.ts, checked by message-checks.ts), REST shapes (api.ts) and id shapes (ids.ts).
 */
export * from "./api.ts";
export * from "./bridge.ts";
export * from "./ids.ts";
export * from "./message-checks.ts";

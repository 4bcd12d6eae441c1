/** Compiles src/server/{main,cli}.ts to dist/server/ (see build-server.mjs). */
export function buildServer(): Promise<void>;

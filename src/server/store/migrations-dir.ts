import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Where each engine's SQL migrations live: `migrations/<engine>/` beside this module, in the
 * sources and in the compiled server alike (the build copies them next to `dist/server/*.js`,
 * which is why the path is computed here, at the store's top level, and nowhere deeper).
 */
export const migrationsDir = (engine: "sqlite" | "postgres") =>
  join(dirname(fileURLToPath(import.meta.url)), "migrations", engine);

/** A row as better-sqlite3 returns it; each repository's mappers turn it into a record. */
export type Row = Record<string, unknown>;

/**
 * Parses a JSON column. Every such column is written by this code with `JSON.stringify`, so a
 * value that does not parse (edited by hand) reads as `fallback` instead of failing the request.
 */
export const json = <T>(text: unknown, fallback: T): T => {
  try {
    return typeof text === "string" ? (JSON.parse(text) as T) : fallback;
  } catch {
    return fallback;
  }
};

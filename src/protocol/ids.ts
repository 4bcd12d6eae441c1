/**
 * Id shapes the platform issues: a prefix naming the kind of object, an underscore, then
 * letters and digits (`plan_8fK2…`). The server mints them (`src/server/ids.ts`); every
 * runtime that accepts one checks it against `idPattern`.
 */

/** Every kind of id, by prefix. */
export const ID_PREFIXES = [
  "biz",
  "prod",
  "plan",
  "ch",
  "pay",
  "r",
  "mem",
  "key",
  "promo",
  "wh",
  "msg",
  "entry",
  "chal",
] as const;

export type IdPrefix = (typeof ID_PREFIXES)[number];

/** The shape of an id with this prefix: up to 64 letters and digits after the underscore. */
export const idPattern = (prefix: IdPrefix) => new RegExp(`^${prefix}_[A-Za-z0-9]{1,64}$`);

// The three shapes the loader checks, written out: literals compress better in `loader.js`
// than calls of `idPattern` (test/unit/protocol/ids.test.ts keeps them equal to it).
export const PLAN_ID = /^plan_[A-Za-z0-9]{1,64}$/;
export const SESSION_ID = /^ch_[A-Za-z0-9]{1,64}$/;
export const RECEIPT_ID = /^r_[A-Za-z0-9]{1,64}$/;

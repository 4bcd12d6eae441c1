import { randomFillSync } from "node:crypto";
import type { IdPrefix } from "../protocol/index.ts";

/** Base 62 in ASCII order, so that fixed-width numbers in it sort as their values do. */
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
/** Random characters per id: about 95 bits, so that no id can be guessed. */
const RANDOM_LENGTH = 16;
/** Characters of the creation time in milliseconds: 62⁸ ms last until the year 8,900. */
const TIME_LENGTH = 8;

/**
 * Random bytes drawn from the system's generator in blocks: one call per 4 KiB rather than one
 * per id, which was a twentieth of a payment's CPU time. Every byte is used once.
 */
const pool = Buffer.alloc(4096);
let next = pool.length;

function randomByte(): number {
  if (next === pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  // `next` is inside the pool here.
  return pool[next++]!;
}

/** `ms` as `TIME_LENGTH` base-62 characters. */
function timeText(ms: number): string {
  let out = "";
  for (let rest = ms, index = 0; index < TIME_LENGTH; index++, rest = Math.floor(rest / 62)) {
    out = ALPHABET[rest % 62] + out;
  }
  return out;
}

/**
 * A platform-style id such as `pay_0VcWXncs8fK2…`: a prefix, the creation time (8 base-62
 * characters) and 16 random ones. Time first makes ids sort by creation, so the unique index
 * of each table's id takes new rows at its end, where a group commit's inserts share a few
 * pages, rather than each dirtying a page of its own somewhere in the tree (a tenth more payments
 * per second). An id tells when its object was made, to the millisecond, and nothing more.
 */
export function newId(prefix: IdPrefix, now = Date.now()): string {
  let out = timeText(now);
  while (out.length < TIME_LENGTH + RANDOM_LENGTH) {
    const byte = randomByte();
    // 248 = 4 × 62: bytes above it are skipped so every character is equally likely.
    if (byte < 248) out += ALPHABET[byte % 62];
  }
  return `${prefix}_${out}`;
}

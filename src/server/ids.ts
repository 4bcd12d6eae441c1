import { randomBytes } from "node:crypto";
import type { IdPrefix } from "../protocol/index.ts";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const LENGTH = 16;

/** A platform-style id such as `pay_8fK2…`: a prefix and 16 random base-62 characters. */
export function newId(prefix: IdPrefix): string {
  let out = "";
  while (out.length < LENGTH) {
    for (const byte of randomBytes(LENGTH)) {
      // 248 = 4 × 62: bytes above it are skipped so every character is equally likely.
      if (byte < 248 && out.length < LENGTH) out += ALPHABET[byte % 62];
    }
  }
  return `${prefix}_${out}`;
}

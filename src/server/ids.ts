import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const LENGTH = 16;

export type IdPrefix =
  | "biz"
  | "prod"
  | "plan"
  | "ch"
  | "pay"
  | "r"
  | "mem"
  | "key"
  | "promo"
  | "wh"
  | "msg"
  | "entry"
  | "chal";

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

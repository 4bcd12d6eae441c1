/**
 * The checks of bridge messages (bridge.ts has their types): `parseHostMessage`, which the
 * checkout runs on everything the page sends, and `parseFrameMessage`, the full shape of the
 * checkout's messages, which states what the loader may receive.
 */

import {
  type CheckoutState,
  type FrameMessage,
  HOST_ADDRESS_KEYS,
  type HostMessage,
  MAX_TEXT,
  PROTOCOL_VERSION,
} from "./bridge.ts";
import { PLAN_ID, RECEIPT_ID, SESSION_ID } from "./ids.ts";

const STATES: readonly CheckoutState[] = [
  "loading",
  "idle",
  "processing",
  "challenge",
  "complete",
  "error",
];

/** Checks one field; a shape maps field names to checks (every message is flat). */
type Check = (value: unknown) => boolean;
type Shape = Record<string, Check>;

const text: Check = (value) => typeof value === "string" && value.length <= MAX_TEXT;
/** A whole number from 0: a height, a request id, minor units of money (any price fits). */
const count: Check = (value) => Number.isSafeInteger(value) && (value as number) >= 0;
const oneOf =
  (values: readonly unknown[]): Check =>
  (value) =>
    values.includes(value);
const like =
  (pattern: RegExp): Check =>
  (value) =>
    text(value) && pattern.test(value as string);
const orNull =
  (check: Check): Check =>
  (value) =>
    value === null || check(value);
/** An address from the checkout: a text under each of `HOST_ADDRESS_KEYS`, nothing else. */
const address: Check = (value) =>
  typeof value === "object" &&
  value !== null &&
  Object.keys(value).length === HOST_ADDRESS_KEYS.length &&
  HOST_ADDRESS_KEYS.every((key) => text((value as Record<string, unknown>)[key]));
/**
 * An address from the page: an object, of which the checkout reads only the parts it knows,
 * each only as text and cut to its length (see src/checkout/details/host.ts).
 */
const parts: Check = (value) => value instanceof Object;

/**
 * Copies exactly the fields of `shape` from `data` when every check passes, else null. The
 * copy has only known keys, so extra or prototype-polluting keys never get through.
 */
function pick(shape: Shape, data: unknown): Record<string, unknown> | null {
  if (typeof data !== "object" || data === null) return null;
  const out: Record<string, unknown> = {};
  for (const key in shape) {
    const value = Object.hasOwn(data, key) ? (data as Record<string, unknown>)[key] : undefined;
    if (!shape[key]!(value)) return null;
    out[key] = value;
  }
  return out;
}

const TOTALS: Shape = { amount: count, currency: text, promo_code: /* @__PURE__ */ orNull(text) };
/** The buyer-details fields of the form, named as the payment API names them. */
const DETAIL_FIELD = /^((billing|shipping)_address\.[a-z_]+[12]?|phone)$/;
/** Kept buyer details: texts under buyer-details fields only (never a card's). */
const details: Check = (value) =>
  value === undefined ||
  (value instanceof Object &&
    Object.entries(value).every(([field, part]) => DETAIL_FIELD.test(field) && text(part)));
const KEPT: Shape = { email: text, name: text, country: text, details };

/**
 * The shape of every message from the iframe. Built on call, so bundles that never check a
 * whole message (the loader's, the checkout's) drop it.
 */
const frameShapes = (): Record<FrameMessage["type"], Shape> => ({
  ready: {},
  resize: { height: count },
  state: { state: oneOf(STATES) },
  complete: {
    status: oneOf(["success"]),
    plan_id: like(PLAN_ID),
    receipt_id: like(RECEIPT_ID),
    session_id: orNull(like(SESSION_ID)),
    redirect_url: orNull(text),
    ...TOTALS,
  },
  error: { code: text, message: text, ...TOTALS },
  "promo-code-changed": { code: orNull(text), total: count, currency: text },
  "email-captured": { email: text },
  email: { id: count, email: text },
  address: {
    id: count,
    address,
    isComplete: oneOf([true, false]),
  },
  "address-validation-error": {
    field: text,
    error_code: oneOf(["required", "invalid"]),
    error_message: text,
  },
  warning: { message: text },
  keep: KEPT,
});

/**
 * The type of every message from the iframe that the loader passes on to the page (each but
 * `warning` as a DOM event); `keep` it holds for the checkout.
 */
export const frameMessageTypes = () =>
  Object.keys(frameShapes()).filter((type) => type !== "keep") as FrameMessage["type"][];

function parse(shapes: Record<string, Shape>, data: unknown) {
  const head = pick(
    { v: oneOf([PROTOCOL_VERSION]), type: (t) => Object.hasOwn(shapes, t as string) },
    data,
  );
  const body = head && pick(shapes[head.type as string]!, data);
  return head && body && { ...head, ...body };
}

/**
 * Validates a message from the iframe: type, version, field types and sizes; else null. The
 * checkout checks what it sends with it. (Shapes built here, as for host messages.)
 */
export function parseFrameMessage(data: unknown): FrameMessage | null {
  return parse(frameShapes(), data) as FrameMessage | null;
}

/** Validates a message from the host page; else null. (Shapes built here, so that the bundles that never parse such messages drop them.) */
export function parseHostMessage(data: unknown): HostMessage | null {
  const shapes: Record<HostMessage["type"], Shape> = {
    theme: { theme: orNull(text) },
    submit: {},
    "set-email": { email: text },
    "get-email": { id: count },
    "set-address": { address: parts },
    "get-address": { id: count },
    keep: KEPT,
  };
  return parse(shapes, data) as HostMessage | null;
}

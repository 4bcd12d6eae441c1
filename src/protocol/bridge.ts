/**
 * The bridge between the host page and the checkout iframe.
 *
 * Bridge messages travel over a private MessageChannel once the handshake is done. The checkout
 * checks every message from the page (`parseHostMessage`) before it uses it; the loader, within
 * its byte budget, checks the version of what the checkout sends and guards what could harm the
 * page where it uses it. The checks themselves live in message-checks.ts.
 */

export const PROTOCOL_VERSION = 1;

/**
 * Hello sent by the iframe to `window.parent`, naming the channel id it was given in its URL:
 * the checkout's only message to the page's window (the loader recognises it by its source,
 * origin and channel id alone).
 */
export const HELLO = "whop-checkout:hello";
/** Reply from the loader carrying the private MessagePort. */
export const CONNECT = "whop-checkout:connect";

export type Theme = "light" | "dark" | "system";
export const THEMES: readonly Theme[] = ["light", "dark", "system"];

/** What the checkout is doing; mirrored to the host page as `whop-checkout:state`. */
export type CheckoutState = "loading" | "idle" | "processing" | "challenge" | "complete" | "error";

interface Handshake {
  type: typeof HELLO | typeof CONNECT;
  channel: string;
}

/**
 * What the checkout is asked to do, as the shell hands it to the app (JSON): the embed's
 * settings after the checkout origin checked them. The loader sends the settings as query
 * parameters of `/embed/checkout` named like `mount()`'s options (`planId`, `themeAccentColor`,
 * `hidePrice`, …), plus the page's `utm_*` parameters and the page's `origin`; the handshake's
 * channel id follows in the URL's fragment (`#…`).
 */
export interface EmbedConfig {
  planId: string | null;
  sessionId: string | null;
  theme: Theme;
  /**
   * What the `theme-*` colour, radius, contrast and font settings amount to: CSS properties
   * (custom properties and `color-scheme`) the app sets on its root.
   */
  style: Record<string, string>;
  /** The pay button's label, or null for "Pay $x". */
  themeButtonText: string | null;
  prefillEmail: string;
  prefillName: string;
  /**
   * What the checkout asks the buyer for beyond the card and the billing country: the plan's
   * requirements and the embed's `collect-*` settings together; null when nothing (the code of
   * those fields is then never loaded).
   */
  details: BuyerDetails | null;
  /** The checked `prefill-address-*` and `prefill-shipping-*` values, by form field. */
  prefillDetails: Record<string, string>;
  /** Hide the billing address and its country while valid (their prefill was complete). */
  hideAddress: boolean;
  /**
   * The billing country the form starts with: `prefill-address-country`, else the region of the
   * buyer's language, else US.
   */
  country: string;
  /** Set only with a valid `prefillEmail`. */
  hideEmail: boolean;
  disableEmail: boolean;
  promoCode: string | null;
  hidePrice: boolean;
  hideSubmitButton: boolean;
  hideTos: boolean;
  affiliateCode: string | null;
  /** Absolute http(s) URL that replaces the platform's redirect after a purchase. */
  returnUrl: string | null;
  /** The loader will not navigate after a purchase (the page handles `complete` itself). */
  skipRedirect: boolean;
  /** The host page's `utm_*` parameters, forwarded with the payment. */
  utm: Record<string, string>;
  /**
   * Handshake: the loader's channel id and the host page's origin. The loader sends the id in
   * the URL's fragment, which the server never sees; `channel` is set only for a loader from
   * before that (cached for up to five minutes after a deploy), which sent it in the query.
   */
  channel: string;
  origin: string;
  /** What could not be used, and what applies instead, for the host page's console. */
  warnings: string[];
}

type Version = typeof PROTOCOL_VERSION;

/** Which buyer details a checkout collects (see `EmbedConfig.details`). */
export interface BuyerDetails {
  /** The full billing address, not only its country. */
  address: boolean;
  shipping: boolean;
  phone: boolean;
}

/**
 * A billing address as `getAddress()` and `setAddress()` speak it, in the platform's embed
 * spelling: `name` is the name on the card; the rest is empty when not given.
 */
export interface HostAddress {
  name: string;
  line1: string;
  line2: string;
  city: string;
  state: string;
  postalCode: string;
  country: string;
}

/** The keys of `HostAddress`. */
export const HOST_ADDRESS_KEYS = [
  "name",
  "line1",
  "line2",
  "city",
  "state",
  "postalCode",
  "country",
] as const satisfies readonly (keyof HostAddress)[];

/**
 * What the buyer typed that a reloaded checkout gets back: browsers reload an iframe that the
 * page moves in the document. Never card data.
 */
export interface Kept {
  email: string;
  name: string;
  country: string;
  /** The buyer-details fields typed so far (addresses, phone), by field; none other. */
  details?: Record<string, string>;
}

/**
 * Messages from the checkout iframe to the host page. Each one but `warning` and `keep` becomes
 * a DOM event on the container, `whop-checkout:<type>`, whose detail is the message's own
 * fields (see `EmbedEventMap`).
 */
export type FrameMessage =
  | { v: Version; type: "ready" }
  | { v: Version; type: "resize"; height: number }
  | { v: Version; type: "state"; state: CheckoutState }
  /** Its event is cancelable: `preventDefault()` keeps the buyer on the page. */
  | ({ v: Version; type: "complete" } & CompleteDetail)
  | ({ v: Version; type: "error"; code: string; message: string } & Totals)
  /** A promo code was applied (on load too) or removed (`code: null`); `total` is the new price. */
  | { v: Version; type: "promo-code-changed"; code: string | null; total: number; currency: string }
  /** The buyer entered a valid email (left the field, or paid with it); once per address. */
  | { v: Version; type: "email-captured"; email: string }
  /** The checkout's answer to `getEmail()`. */
  | { v: Version; type: "email"; id: number; email: string }
  /**
   * The checkout's answer to `getAddress()`: the billing address so far, and whether every part
   * of it the checkout collects is filled in and valid.
   */
  | { v: Version; type: "address"; id: number; address: HostAddress; isComplete: boolean }
  /**
   * A buyer detail (address or phone) stopped a payment, by the checkout's check or the
   * platform's (`field` as the payment API names it, e.g. `shipping_address.postal_code`), or
   * a value given to `setAddress()` is not valid; `error_message` is what the buyer reads.
   */
  | {
      v: Version;
      type: "address-validation-error";
      field: string;
      error_code: "required" | "invalid";
      error_message: string;
    }
  /** A setting the checkout could not use, spelled out for the page's console (no event). */
  | { v: Version; type: "warning"; message: string }
  /**
   * What the buyer typed so far, for the loader to hold (no event) and hand back, as the host
   * message of the same name, if the iframe reloads.
   */
  | ({ v: Version; type: "keep" } & Kept);

/** The fields of a message, without its version and type. */
type FieldsOf<Message, Type> = Omit<Extract<Message, { type: Type }>, "v" | "type">;

/** Detail types of the DOM events dispatched on the container (all bubble), by event name. */
export type EmbedEventMap = {
  [Type in Exclude<FrameMessage["type"], "warning" | "keep"> as `whop-checkout:${Type}`]: FieldsOf<
    FrameMessage,
    Type
  >;
};

/** Messages from the host page to the checkout iframe. */
export type HostMessage =
  /** A theme attribute changed; the checkout checks it (null: removed, the default). */
  | { v: Version; type: "theme"; theme: string | null }
  | { v: Version; type: "submit" }
  | { v: Version; type: "set-email"; email: string }
  | { v: Version; type: "get-email"; id: number }
  /** Fills in the given parts of the billing address; the others keep their values. */
  | { v: Version; type: "set-address"; address: Partial<HostAddress> }
  | { v: Version; type: "get-address"; id: number }
  /** What the checkout last asked to keep, handed back to it after a reload. */
  | ({ v: Version; type: "keep" } & Kept);

/** The fields a host message of `Type` carries beside its version and type. */
export type HostMessageFields<Type extends HostMessage["type"]> = FieldsOf<HostMessage, Type>;

/**
 * What the buyer is charged, for analytics: `amount` in minor units of `currency` (cents for
 * "usd"), after `promo_code`.
 */
export interface Totals {
  amount: number;
  currency: string;
  promo_code: string | null;
}

/** The fields of the `complete` message: the detail of the `whop-checkout:complete` event. */
export interface CompleteDetail extends Totals {
  status: "success";
  plan_id: string;
  receipt_id: string;
  session_id: string | null;
  /**
   * Where the loader sends the buyer, resolved by the platform (http/https only): the embed's
   * return URL or the redirect setting, with `status`, `receipt_id`, `plan_id` and `session_id`
   * in its query.
   */
  redirect_url: string | null;
}

/** Upper bound for any string carried by a message; real values are far shorter. */
export const MAX_TEXT = 2048;

/** The tallest the host page lets the checkout iframe grow, in CSS pixels (the form is ~600). */
export const MAX_HEIGHT = 4000;

/**
 * The `warning` message for `text`, cut to the parser's limit (ending in "…") so a long one
 * still reaches the page's console instead of being dropped.
 */
export const warningMessage = (text: string): FrameMessage => ({
  v: PROTOCOL_VERSION,
  type: "warning",
  message: text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT - 1)}…` : text,
});

/** Validates a handshake message of the given type for the given channel id. */
export const isHandshake = (data: unknown, type: Handshake["type"], channel: string): boolean =>
  (data as Handshake | null)?.type === type && (data as Handshake).channel === channel;

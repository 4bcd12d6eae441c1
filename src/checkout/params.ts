import { PLAN_ID, SESSION_ID, THEMES, type Theme } from "../protocol.ts";

/**
 * Everything the embed URL (`EmbedQueryParam` in the protocol) asks of the checkout; `locale` is
 * resolved by the shell, which inlines the matching translations.
 */
export interface CheckoutParams {
  planId: string;
  sessionId: string | null;
  theme: Theme;
  /** "#rrggbb", or null for the default accent. */
  accent: string | null;
  email: string;
  name: string;
  hidePrice: boolean;
  hideSubmit: boolean;
  hideTos: boolean;
  affiliate: string | null;
  /** The host page's `utm_*` parameters, forwarded with the payment. */
  utm: Record<string, string>;
}

const UTM_KEY = /^utm_[a-z_]{1,32}$/;
const AFFILIATE = /^[\w-]{1,64}$/;
const HEX = /^([0-9a-f]{3}|[0-9a-f]{6})$/i;

/** Reads the iframe's query; anything malformed is dropped rather than trusted. */
export function readParams(search: string): CheckoutParams {
  const query = new URLSearchParams(search);
  const get = (name: string) => query.get(name) ?? "";
  const theme = get("theme") as Theme;
  const accent = get("accent").replace(/^#/, "");
  const session = get("session");
  const affiliate = get("affiliate");
  const utm: Record<string, string> = {};
  for (const [key, value] of query) {
    if (UTM_KEY.test(key) && Object.keys(utm).length < 10) utm[key] = value.slice(0, 200);
  }
  return {
    planId: get("plan"),
    sessionId: SESSION_ID.test(session) ? session : null,
    theme: THEMES.includes(theme) ? theme : "system",
    accent: HEX.test(accent) ? `#${accent}` : null,
    email: get("email").slice(0, 254),
    name: get("name").slice(0, 200),
    hidePrice: get("hide_price") === "1",
    hideSubmit: get("hide_submit") === "1",
    hideTos: get("hide_tos") === "1",
    affiliate: AFFILIATE.test(affiliate) ? affiliate : null,
    utm,
  };
}

export const isPlanId = (id: string) => PLAN_ID.test(id);

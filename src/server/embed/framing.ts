// Who may frame a checkout, and what to say when a page may not: the answer of
// `GET /embed/allowed` (the loader logs it when the checkout's hello is late) and the server's
// log line for a frame-ancestors violation report. Worded here, so the loader stays small.
import type { Store } from "../store/interface.ts";
import type { PlanRecord } from "../store/records.ts";
import { EMBED_ORIGIN } from "./frame-ancestors.ts";

/** The plan (and its company) an embed sells, and the origins allowed to frame it. */
interface Framing {
  planId: string | null;
  /** The plan itself, when it exists. */
  plan: PlanRecord | null;
  companyId: string | null;
  /** The company's own origins, without the defaults. */
  companyOrigins: string[];
  /** What `frame-ancestors` lists (before the check of each origin's shape). */
  ancestors: string[];
}

export async function framingOf(
  store: Store,
  ids: { planId: string | null; sessionId: string | null },
  defaultFrameAncestors: string[],
): Promise<Framing> {
  const planId =
    ids.planId ?? ((ids.sessionId && (await store.getSession(ids.sessionId))?.plan_id) || null);
  const context = planId ? await store.getPlanContext(planId) : null;
  const company = context?.company ?? null;
  const companyOrigins = company?.allowed_origins ?? [];
  return {
    planId,
    plan: context?.plan ?? null,
    companyId: company?.id ?? null,
    companyOrigins,
    // A company's own list, even when empty ('none'): the defaults are for the demo company
    // (and for a checkout of no known plan, which shows only an error).
    ancestors: company ? companyOrigins : defaultFrameAncestors,
  };
}

const DEFAULT_PORT: Record<string, string> = { "http:": "80", "https:": "443" };

/**
 * Whether a page on `origin` may frame a document whose `frame-ancestors` lists `sources`, as
 * browsers match them (CSP 3): `*`; or scheme, host (`*.` for any subdomain) and port (`*` for
 * any; none for the scheme's default), where an `http:` source also matches `https:`.
 */
export function mayFrame(sources: string[], origin: string): boolean {
  let page: URL;
  try {
    page = new URL(origin);
  } catch {
    return false;
  }
  const pagePort = page.port || DEFAULT_PORT[page.protocol];
  if (!pagePort) return false;
  return sources.some((source) => {
    if (source === "*") return true;
    if (!EMBED_ORIGIN.test(source)) return false;
    const [, scheme, anySubdomain, host, port] = /^(https?:)\/\/(\*\.)?([^:]+)(?::(.+))?$/i.exec(
      source,
    )!;
    const sourceScheme = scheme!.toLowerCase();
    const upgraded = sourceScheme === "http:" && page.protocol === "https:";
    if (page.protocol !== sourceScheme && !upgraded) return false;
    const name = host!.toLowerCase();
    if (anySubdomain ? !page.hostname.endsWith(`.${name}`) : page.hostname !== name) return false;
    if (port === "*") return true;
    const allowedPort = port ?? DEFAULT_PORT[sourceScheme];
    return pagePort === allowedPort || (upgraded && !port && pagePort === "443");
  });
}

/**
 * The sentence for a page on `origin` that may not frame this checkout: the two ways to allow
 * it (the company's origins, or EMBED_ORIGINS for the demo company). The command lists the
 * company's current origins too, since it replaces them.
 */
export function framingRefusal(
  { planId, companyId, companyOrigins }: Omit<Framing, "plan">,
  origin: string,
) {
  const what = planId ? `the checkout of ${planId}` : "this checkout";
  const allowed = companyOrigins.length ? companyOrigins.join(", ") : "no origin of its own";
  const command = `npm run platform -- company set-origins ${companyId ?? "<biz_…>"} ${[...companyOrigins, origin].join(" ")}`;
  return `${origin} may not embed ${what}: its company${companyId ? ` (${companyId})` : ""} allows ${allowed}, so the browser refused to show it. Allow this origin with \`${command}\`, or, for the demo company, start the server with EMBED_ORIGINS=${origin}.`;
}

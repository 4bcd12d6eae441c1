/**
 * The checks routes share: an id in the path has the right shape, an object exists, and it
 * belongs to the company whose API key the request carries. Each builds its error one way.
 */
import { type ErrorCode, idPattern } from "../../protocol/index.ts";
import type { Store } from "../store/interface.ts";
import type { CompanyRecord } from "../store/records.ts";
import { HttpError } from "./http-error.ts";

/** Kinds of object with a `<kind>_not_found` error code. */
type Kind = ErrorCode extends infer Code
  ? Code extends `${infer Name}_not_found`
    ? Name
    : never
  : never;

/** How messages name a kind, where its code's word is not enough. */
const NOUNS: Partial<Record<Kind, string>> = {
  session: "checkout session",
  delivery: "webhook delivery",
  endpoint: "webhook endpoint",
  key: "API key",
};
const noun = (kind: Kind) => NOUNS[kind] ?? kind;

/** 404 `<kind>_not_found`, naming `field`. */
export const notFound = (kind: Kind, id: string, field: string) =>
  new HttpError(404, `${kind}_not_found`, `No ${noun(kind)} ${id} exists.`, field);

/** The ids a buyer route takes in its path, by prefix: the kind its error code names. */
const PATH_IDS = { plan: "plan", ch: "session", pay: "payment" } as const;

/**
 * A check of the `:id` path parameter: returns it when it has the shape of a `prefix` id,
 * else 400 `invalid_<kind>_id`.
 */
export function pathId(prefix: keyof typeof PATH_IDS): (id: string) => string {
  const pattern = idPattern(prefix);
  const kind = PATH_IDS[prefix];
  return (id) => {
    if (!pattern.test(id)) {
      throw new HttpError(
        400,
        `invalid_${kind}_id`,
        `The ${kind} id must look like ${prefix}_XXXXXXXX.`,
        "id",
      );
    }
    return id;
  };
}

/** How to find each ownable kind and the company it belongs to. */
const OWNERS = {
  plan: async (store: Store, id: string) => {
    const context = await store.getPlanContext(id);
    return context && { value: context, companyId: context.company.id };
  },
  product: async (store: Store, id: string) => {
    const product = await store.getProduct(id);
    return product && { value: product, companyId: product.company_id };
  },
  payment: async (store: Store, id: string) => {
    const payment = await store.getPaymentDetails(id);
    const plan = payment && (await store.getPlanContext(payment.plan_id));
    return payment && plan ? { value: payment, companyId: plan.company.id } : null;
  },
  endpoint: async (store: Store, id: string) => {
    const endpoint = await store.webhooks.getEndpoint(id);
    return endpoint && { value: endpoint, companyId: endpoint.company_id };
  },
  session: async (store: Store, id: string) => {
    const session = await store.getSession(id);
    const plan = session && (await store.getPlanContext(session.plan_id));
    return session && plan ? { value: session, companyId: plan.company.id } : null;
  },
};
type Owned<K extends keyof typeof OWNERS> = NonNullable<
  Awaited<ReturnType<(typeof OWNERS)[K]>>
>["value"];

/** 403 for an object of another company, naming `field`. */
export const forbidden = (kind: Kind, id: string, field: string) =>
  new HttpError(
    403,
    "forbidden",
    `${noun(kind).replace(/^./, (first) => first.toUpperCase())} ${id} belongs to another company.`,
    field,
  );

/**
 * A lookup of a `kind` object for the company of the request's API key: 404 when it does not
 * exist, 403 when it belongs to another company (both naming `field`).
 */
export const owned =
  <K extends keyof typeof OWNERS>(kind: K) =>
  async (store: Store, company: CompanyRecord, id: string, field = "id"): Promise<Owned<K>> => {
    const found = await OWNERS[kind](store, id);
    if (!found) throw notFound(kind, id, field);
    if (found.companyId !== company.id) throw forbidden(kind, id, field);
    return found.value as Owned<K>;
  };

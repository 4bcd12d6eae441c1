import type { Context } from "hono";
import type { Store } from "../store/interface.ts";
import type { CompanyRecord } from "../store/records.ts";
import { HttpError } from "./http-error.ts";

const BEARER = /^Bearer ([\x21-\x7e]{1,200})$/;

const unauthorized = (code: "missing_api_key" | "invalid_api_key", message: string) =>
  new HttpError(401, code, message, "Authorization", { "WWW-Authenticate": "Bearer" });

/** The company whose API key the request carries, or 401. */
export function authenticate(store: Store, c: Context): CompanyRecord {
  const header = c.req.header("authorization");
  if (!header) {
    throw unauthorized("missing_api_key", "Send your API key as Authorization: Bearer <key>.");
  }
  const match = BEARER.exec(header);
  if (!match)
    throw unauthorized("invalid_api_key", "The Authorization header must be Bearer <key>.");
  const key = store.apiKeys.authenticate(match[1]!);
  if (!key) throw unauthorized("invalid_api_key", "This API key is unknown or has been revoked.");
  return store.getCompany(key.company_id)!;
}

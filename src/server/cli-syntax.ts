/**
 * How the platform's command line is spelled: its usage text, its options (node:util
 * parseArgs), and the flag or argument a user typed for each field of the validated operations,
 * so that an error names `--price` rather than `initial_price`.
 */
import { defaultText, VARIABLES } from "./config.ts";
import { HttpError } from "./http/http-error.ts";

export const USAGE = `Usage: npm run platform -- <command> [options]

  company create --title T [--redirect-url URL] [--origin ORIGIN]...
  company list
  company set-redirect <biz_…> <URL|none>
  company set-origins <biz_…> [ORIGIN]...
  key create <biz_…> [--name NAME]          prints the key once; only its hash is stored
  key list <biz_…>
  key revoke <key_…>
  product create <biz_…> --title T --route R [--headline H] [--description D]
                 [--redirect-url URL] [--terms-url URL] [--logo-url URL]
  product set-redirect <prod_…> <URL|none>
  plan create <prod_…> --type one_time|renewal --currency usd --price MINOR
              [--renewal-price MINOR] [--billing-period DAYS] [--trial-days N]
              [--expiration-days N] [--stock N] [--release buy_now|waitlist|raffle]
              [--visibility visible|hidden|quick_link|archived] [--description D]
  promo create <biz_…> --code CODE (--percent-off N | --amount-off MINOR --currency usd)
               [--plan plan_…]... [--expires-at ISO] [--max-redemptions N]
  webhook add <biz_…> <URL> [--event TYPE]...   prints the endpoint's signing secret
  webhook list <biz_…>                      endpoints, without their secrets
  webhook reveal <wh_…>                     prints the endpoint's signing secret
  webhook rotate <wh_…>                     a new secret; the old one signs too for 24 hours
  webhook delete <wh_…>                     the endpoint and its deliveries
  payments list [--company biz_…] [--plan plan_…] [--status S] [--limit N]
  webhooks list [--company biz_…] [--status pending|delivered|failed] [--limit N]
  webhooks replay <delivery_id>
  receipts list [--company biz_…] [--status pending|sent|failed|held] [--limit N]
                                            receipt emails, without their text
  receipts show <r_…>                       a receipt's email as sent, or kept unsent (held)
  migrate                                   applies pending migrations (the server does on start)

The database is ${VARIABLES.databaseUrl.name} when set (postgres://…), else the SQLite file
${VARIABLES.databasePath.name} (default ${defaultText(VARIABLES.databasePath)}).`;

export const OPTIONS = {
  title: { type: "string" },
  "redirect-url": { type: "string" },
  origin: { type: "string", multiple: true },
  name: { type: "string" },
  route: { type: "string" },
  headline: { type: "string" },
  description: { type: "string" },
  "terms-url": { type: "string" },
  "logo-url": { type: "string" },
  type: { type: "string" },
  currency: { type: "string" },
  price: { type: "string" },
  "renewal-price": { type: "string" },
  "billing-period": { type: "string" },
  "trial-days": { type: "string" },
  "expiration-days": { type: "string" },
  stock: { type: "string" },
  release: { type: "string" },
  visibility: { type: "string" },
  code: { type: "string" },
  "percent-off": { type: "string" },
  "amount-off": { type: "string" },
  plan: { type: "string", multiple: true },
  "expires-at": { type: "string" },
  "max-redemptions": { type: "string" },
  event: { type: "string", multiple: true },
  company: { type: "string" },
  status: { type: "string" },
  limit: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** A command line that does not parse: printed with the usage text. */
export class UsageError extends Error {}

/**
 * What the user typed for each field of the validated operations, so an error names `--price`
 * rather than `initial_price`. Commands that take a field as a positional argument override it.
 */
const TYPED_AS: Record<string, string> = {
  title: "--title",
  redirect_url: "--redirect-url",
  allowed_origins: "--origin",
  name: "--name",
  route: "--route",
  headline: "--headline",
  description: "--description",
  terms_url: "--terms-url",
  logo_url: "--logo-url",
  plan_type: "--type",
  base_currency: "--currency",
  currency: "--currency",
  initial_price: "--price",
  renewal_price: "--renewal-price",
  billing_period: "--billing-period",
  trial_period_days: "--trial-days",
  expiration_days: "--expiration-days",
  stock: "--stock",
  release_method: "--release",
  visibility: "--visibility",
  code: "--code",
  percent_off: "--percent-off",
  amount_off: "--amount-off",
  plan_ids: "--plan",
  expires_at: "--expires-at",
  max_redemptions: "--max-redemptions",
  events: "--event",
  url: "<URL>",
  company_id: "<biz_…>",
  product_id: "<prod_…>",
};

/** `error` with its field, and the field names its message starts with or spells, as typed. */
export function asTyped(error: HttpError, overrides: Record<string, string>): HttpError {
  const typed = (field: string) => overrides[field] ?? TYPED_AS[field];
  const [head = "", ...path] = error.field?.split(".") ?? [];
  const field = error.field && typed(head) ? [typed(head), ...path].join(".") : error.field;
  const message = error.message.replace(
    /^[a-z]+(?:_[a-z]+)*\b|\b[a-z]+(?:_[a-z]+)+\b/g,
    (word) => typed(word) ?? word,
  );
  return new HttpError(error.status, error.code, message, field, error.headers);
}

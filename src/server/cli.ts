/**
 * The platform's command line: `npm run platform -- <command> [options]`. Every change goes
 * through the same validated operations as the server API and the demo seed (catalog.ts).
 * Prints JSON on success; on bad input prints one `[whop-checkout]` line and exits with 1.
 */
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { RECEIPT_EMAIL_STATUSES } from "../protocol/index.ts";
import {
  addWebhookEndpoint,
  createApiKey,
  saveCompany,
  savePlan,
  saveProduct,
  savePromo,
  updateCompany,
  updateProduct,
} from "./catalog.ts";
import { asTyped, OPTIONS, USAGE, UsageError } from "./cli-syntax.ts";
import { readVariable, storeTarget } from "./config.ts";
import { notFound } from "./http/guards.ts";
import { HttpError } from "./http/http-error.ts";
import type { Store } from "./store/interface.ts";
import { migrateStore, openStore } from "./store/open.ts";
import {
  deleteEndpoint,
  endpointView,
  endpointWithSecret,
  rotateEndpointSecret,
} from "./webhooks/endpoints.ts";

/** A whole-number option; left as text when malformed so validation names the field. */
const int = (value: string | undefined): number | string | undefined =>
  value === undefined ? undefined : /^-?\d+$/.test(value) ? Number(value) : value;

const limitOption = (value: string | undefined) => {
  if (value === undefined) return 50;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 1000) {
    throw new UsageError("--limit must be a whole number from 1 to 1000.");
  }
  return Number(value);
};

const STATUSES = ["pending", "delivered", "failed"] as const;

/** `--status` of `receipts list`, one of `allowed`. */
function statusOption<T extends string>(value: string | undefined, allowed: readonly T[]) {
  if (value !== undefined && !allowed.includes(value as T)) {
    throw new UsageError(`--status must be one of ${allowed.join(", ")}.`);
  }
  return value as T | undefined;
}

const urlOrNone = (value: string | undefined) => {
  if (value === undefined) throw new UsageError("Give a URL, or none to clear it.");
  return value === "none" ? null : value;
};

/**
 * Runs one command; errors name the flags and arguments the user typed (see TYPED_AS). `env`
 * holds the settings the commands read (config.ts).
 */
export async function run(
  argv: string[],
  store: Store,
  env: Record<string, string | undefined> = process.env,
): Promise<unknown> {
  const overrides: Record<string, string> = {};
  try {
    return await runCommand(argv, store, env, overrides);
  } catch (error) {
    throw error instanceof HttpError ? asTyped(error, overrides) : error;
  }
}

async function runCommand(
  argv: string[],
  store: Store,
  env: Record<string, string | undefined>,
  overrides: Record<string, string>,
): Promise<unknown> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: OPTIONS,
    allowPositionals: true,
  });
  const [noun, verb, first, ...rest] = positionals;
  if (values.help || !noun) throw new UsageError(USAGE);
  const need = (value: string | undefined, what: string) => {
    if (!value) throw new UsageError(`Missing ${what}.\n\n${USAGE}`);
    return value;
  };

  switch (`${noun} ${verb}`) {
    case "company create":
      return await saveCompany(store, {
        title: values.title,
        redirect_url: values["redirect-url"],
        allowed_origins: values.origin ?? [],
      });
    case "company list":
      return store.listCompanies();
    case "company set-redirect":
      overrides.redirect_url = "<URL>";
      return await updateCompany(store, need(first, "the company id"), {
        redirect_url: urlOrNone(rest[0]),
      });
    case "company set-origins":
      overrides.allowed_origins = "[ORIGIN]";
      return await updateCompany(store, need(first, "the company id"), { allowed_origins: rest });
    case "key create": {
      const { key, record } = await createApiKey(
        store,
        need(first, "the company id"),
        values.name ?? "default",
      );
      return {
        ...record,
        key,
        note: "Store this key now: it is not kept and cannot be shown again.",
      };
    }
    case "key list":
      return await store.apiKeys.list(need(first, "the company id"));
    case "key revoke": {
      const id = need(first, "the key id");
      if (!(await store.apiKeys.get(id))) throw notFound("key", id, "id");
      await store.apiKeys.revoke(id);
      return await store.apiKeys.get(id);
    }
    case "product create":
      return await saveProduct(store, {
        company_id: need(first, "the company id"),
        title: values.title,
        route: values.route,
        headline: values.headline,
        description: values.description,
        redirect_url: values["redirect-url"],
        terms_url: values["terms-url"],
        logo_url: values["logo-url"],
      });
    case "product set-redirect":
      overrides.redirect_url = "<URL>";
      return await updateProduct(store, need(first, "the product id"), {
        redirect_url: urlOrNone(rest[0]),
      });
    case "plan create": {
      const stock = int(values.stock);
      return await savePlan(store, {
        product_id: need(first, "the product id"),
        plan_type: values.type,
        base_currency: values.currency,
        initial_price: int(values.price),
        renewal_price: int(values["renewal-price"]),
        billing_period: int(values["billing-period"]),
        trial_period_days: int(values["trial-days"]),
        expiration_days: int(values["expiration-days"]),
        unlimited_stock: stock === undefined,
        stock,
        release_method: values.release,
        visibility: values.visibility,
        description: values.description,
      });
    }
    case "promo create":
      return await savePromo(store, {
        company_id: need(first, "the company id"),
        code: values.code,
        percent_off: int(values["percent-off"]),
        amount_off: int(values["amount-off"]),
        currency: values.currency,
        plan_ids: values.plan ?? [],
        expires_at: values["expires-at"],
        max_redemptions: int(values["max-redemptions"]),
      });
    case "webhook add":
      return endpointWithSecret(
        await addWebhookEndpoint(
          store,
          need(first, "the company id"),
          { url: rest[0], events: values.event ?? [] },
          {
            allowPrivate: readVariable("webhookAllowPrivateTargets", env),
            platformOrigin: `http://${readVariable("host", env)}:${readVariable("checkoutPort", env)}`,
          },
        ),
      );
    case "webhook list":
      return (await store.webhooks.listEndpoints(need(first, "the company id"))).map(endpointView);
    case "webhook reveal": {
      const id = need(first, "the endpoint id");
      const endpoint = await store.webhooks.getEndpoint(id);
      if (!endpoint) throw notFound("endpoint", id, "id");
      return endpointWithSecret(endpoint);
    }
    case "webhook rotate":
      return await rotateEndpointSecret(store, need(first, "the endpoint id"));
    case "webhook delete":
      return await deleteEndpoint(store, need(first, "the endpoint id"));
    case "payments list":
      return await store.listCompanyPayments(values.company ?? null, {
        plan_id: values.plan?.[0],
        status: values.status,
        limit: limitOption(values.limit),
      });
    case "webhooks list":
      return await store.webhooks.listDeliveries(
        { company_id: values.company, status: statusOption(values.status, STATUSES) },
        limitOption(values.limit),
      );
    case "webhooks replay": {
      const id = need(first, "the delivery id");
      const delivery = await store.webhooks.replay(id);
      if (!delivery) throw notFound("delivery", id, "id");
      return delivery;
    }
    case "receipts list":
      return await store.receipts.list(
        {
          company_id: values.company,
          status: statusOption(values.status, RECEIPT_EMAIL_STATUSES),
        },
        limitOption(values.limit),
      );
    case "receipts show": {
      const id = need(first, "the receipt id");
      const email = await store.receipts.get(id);
      if (!email) throw notFound("receipt", id, "id");
      return email;
    }
    default:
      throw new UsageError(`Unknown command "${positionals.join(" ")}".\n\n${USAGE}`);
  }
}

async function main() {
  const argv = process.argv.slice(2);
  const target = storeTarget({
    databaseUrl: readVariable("databaseUrl"),
    databasePath: readVariable("databasePath"),
  });
  let store: Store | undefined;
  try {
    let result: unknown;
    // Opening a store migrates it, so `migrate` must not open one first to report what it did.
    if (argv[0] === "migrate") {
      result = { applied: await migrateStore(target) };
    } else {
      store = await openStore(target);
      result = await run(argv, store);
    }
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } catch (error) {
    if (error instanceof HttpError) {
      const named = !error.field || error.message.startsWith(error.field);
      const where = named ? "" : `${error.field}: `;
      console.error(`[whop-checkout] ${where}${error.message} (${error.code})`);
    } else if (
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")
    ) {
      console.error(`[whop-checkout] ${(error as Error).message}`);
    } else {
      throw error;
    }
    process.exitCode = 1;
  } finally {
    await store?.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();

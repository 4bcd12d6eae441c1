/**
 * Every environment variable the server (`main.ts`) and the CLI (`cli.ts`) read, in one table:
 * its name, its default, its check and what it means. An unset or empty variable takes the
 * default; a set one that fails its check stops the start with a `ConfigError` naming it.
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { EMAIL } from "../settings.ts";
import { EMBED_ORIGIN } from "./embed/frame-ancestors.ts";
import { DEFAULT_RATE_LIMITS, type RateLimits } from "./http/rate-limit.ts";
import { DEFAULT_FROM, type SmtpSettings } from "./receipts/sender.ts";
import { parseSecret, SECRET_RULE } from "./secret.ts";
import { isPostgresUrl } from "./store/open.ts";
import { DISPATCH_DEFAULTS } from "./webhooks/dispatcher.ts";

/** The repository root: `dist/`, `demo/` and the default `data/` live below it. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** A variable set to a value its check refuses; the message names the variable. */
export class ConfigError extends Error {}

interface Variable<T> {
  name: string;
  /** The value when the variable is unset or empty. */
  fallback: T;
  /** The default as the docs show it, when `String(fallback)` would not say it well. */
  shown?: string;
  meaning: string;
  /** Turns a set, non-empty value into the setting; throws `ConfigError` when it cannot. */
  parse: (raw: string, name: string) => T;
}

const variable = <T>(definition: Variable<T>) => definition;

const text = (raw: string) => raw;

function port(raw: string, name: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new ConfigError(`${name} must be a port number from 0 to 65535, got "${raw}".`);
  }
  return value;
}

function positive(raw: string, name: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new ConfigError(`${name} must be a whole number above 0, got "${raw}".`);
  }
  return value;
}

function boolean(raw: string, name: string): boolean {
  if (raw === "true" || raw === "1") return true;
  if (raw === "false" || raw === "0") return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}".`);
}

function secret(raw: string, name: string): string {
  if (!parseSecret(raw)) {
    throw new ConfigError(`${name} must be ${SECRET_RULE}.`);
  }
  return raw;
}

function origins(raw: string, name: string): string[] {
  const list = raw
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean);
  const bad = list.find((origin) => !EMBED_ORIGIN.test(origin));
  if (bad) {
    throw new ConfigError(`${name} must list origins like https://shop.example, got "${bad}".`);
  }
  return list;
}

function postgresUrl(raw: string, name: string): string {
  if (!isPostgresUrl(raw)) {
    throw new ConfigError(`${name} must be a URL like postgres://user@host:5432/db.`);
  }
  return raw;
}

/**
 * A mail server URL, smtp:// (STARTTLS when offered) or smtps:// (TLS), credentials included;
 * its `from` query parameter, if any, is the address receipts come from. The messages never
 * repeat the value: it holds a password.
 */
function smtp(raw: string, name: string): SmtpSettings {
  const shape = `${name} must be a URL like smtp://user:password@mail.example:587?from=receipts@shop.example`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${shape}.`);
  }
  if ((url.protocol !== "smtp:" && url.protocol !== "smtps:") || !url.hostname) {
    throw new ConfigError(`${shape}, with the scheme smtp: or smtps:.`);
  }
  const from = url.searchParams.get("from");
  if (from !== null && !EMAIL.test(from)) {
    throw new ConfigError(`${name}'s from= must be an email address, got "${from}".`);
  }
  url.searchParams.delete("from");
  return { url: url.href, from: from ?? DEFAULT_FROM };
}

const rateLimit = (key: keyof RateLimits, name: string, meaning: string) =>
  variable({ name, fallback: DEFAULT_RATE_LIMITS[key].limit, meaning, parse: positive });

export const VARIABLES = {
  host: variable({
    name: "HOST",
    fallback: "127.0.0.1",
    meaning: "Interface both servers listen on.",
    parse: text,
  }),
  checkoutPort: variable({
    name: "CHECKOUT_PORT",
    fallback: 4100,
    meaning: "Port of the checkout origin (loader, iframe, API); 0 picks a free one.",
    parse: port,
  }),
  demoPort: variable({
    name: "DEMO_PORT",
    fallback: 4000,
    meaning: "Port of the demo merchant site; 0 picks a free one.",
    parse: port,
  }),
  embedOrigins: variable<string[]>({
    name: "EMBED_ORIGINS",
    fallback: [],
    shown: "(none)",
    meaning:
      "Comma-separated extra origins allowed to frame the demo company's checkouts (the demo origin always is).",
    parse: origins,
  }),
  databasePath: variable({
    name: "DATABASE_PATH",
    fallback: join(ROOT, "data", "checkout.db"),
    shown: "data/checkout.db",
    meaning: "SQLite database file of the server and the CLI.",
    parse: text,
  }),
  databaseUrl: variable<string | null>({
    name: "DATABASE_URL",
    fallback: null,
    shown: "(none: SQLite)",
    meaning:
      "PostgreSQL database (postgres://…) that any number of instances share; replaces DATABASE_PATH.",
    parse: postgresUrl,
  }),
  workers: variable({
    name: "WORKERS",
    fallback: 1,
    meaning:
      "Server processes on this machine, sharing its ports (node:cluster); above 1 needs DATABASE_URL.",
    parse: positive,
  }),
  serverSecret: variable<string | null>({
    name: "SERVER_SECRET",
    fallback: null,
    shown: "(kept in server-secret beside DATABASE_PATH)",
    meaning:
      "Key of the payment fingerprints (32+ bytes, hex or base64); every instance of one platform needs the same. Never put it in the database.",
    parse: secret,
  }),
  demoApiKey: variable<string | null>({
    name: "DEMO_API_KEY",
    fallback: null,
    shown: "(a fresh key per process)",
    meaning: "API key of the demo company that the demo site's server uses.",
    parse: text,
  }),
  paymentFailuresPerIp: rateLimit(
    "paymentFailuresPerIp",
    "RATE_LIMIT_PAYMENT_FAILURES_PER_IP",
    "Failed payments per client IP per 15 minutes.",
  ),
  paymentFailuresPerPlan: rateLimit(
    "paymentFailuresPerPlan",
    "RATE_LIMIT_PAYMENT_FAILURES_PER_PLAN",
    "Card declines per plan per 15 minutes; past it that plan's payments are slowed (never refused).",
  ),
  apiRequestsPerKey: rateLimit(
    "apiRequestsPerKey",
    "RATE_LIMIT_API_PER_KEY",
    "Server API requests per API key per minute.",
  ),
  quoteFailuresPerIp: rateLimit(
    "quoteFailuresPerIp",
    "RATE_LIMIT_QUOTE_FAILURES_PER_IP",
    "Failed promo-code quotes per client IP per 15 minutes.",
  ),
  webhookPollMs: variable({
    name: "WEBHOOK_POLL_MS",
    fallback: DISPATCH_DEFAULTS.pollMs,
    meaning: "How often the webhook dispatcher looks for due deliveries (ms).",
    parse: positive,
  }),
  webhookRetryBaseMs: variable({
    name: "WEBHOOK_RETRY_BASE_MS",
    fallback: DISPATCH_DEFAULTS.baseDelayMs,
    meaning: "First retry delay of a failed delivery; it doubles per attempt (ms).",
    parse: positive,
  }),
  webhookLeaseMs: variable({
    name: "WEBHOOK_LEASE_MS",
    fallback: DISPATCH_DEFAULTS.leaseMs,
    meaning: "How long a delivery being sent is reserved before another worker may retry it (ms).",
    parse: positive,
  }),
  webhookAllowPrivateTargets: variable({
    name: "WEBHOOK_ALLOW_PRIVATE_TARGETS",
    fallback: false,
    meaning:
      "Lets webhook endpoints be loopback, private or link-local addresses; for local development only.",
    parse: boolean,
  }),
  webhookTimeoutMs: variable({
    name: "WEBHOOK_TIMEOUT_MS",
    fallback: DISPATCH_DEFAULTS.timeoutMs,
    meaning: "How long the dispatcher waits for an endpoint's answer (ms).",
    parse: positive,
  }),
  smtp: variable<SmtpSettings | null>({
    name: "SMTP_URL",
    fallback: null,
    shown: "(none: receipts are kept, not sent)",
    meaning: `Mail server that emails buyers their receipts: \`smtp://\` or \`smtps://user:password@host:port\`, optionally \`?from=receipts@your.domain\` (default \`${DEFAULT_FROM}\`). Unset, each receipt's email is kept in the database for \`npm run platform -- receipts show\`.`,
    parse: smtp,
  }),
};

type Variables = typeof VARIABLES;
export type Config = { [K in keyof Variables]: Variables[K]["fallback"] };

/** The default of a variable as the docs show it. */
export const defaultText = (definition: Variable<unknown>): string =>
  definition.shown ?? String(definition.fallback);

type Environment = Record<string, string | undefined>;

/** One setting from the environment. */
export function readVariable<K extends keyof Variables>(
  key: K,
  env: Environment = process.env,
): Config[K] {
  const definition = VARIABLES[key] as Variable<Config[K]>;
  const raw = env[definition.name];
  return raw === undefined || raw === ""
    ? definition.fallback
    : definition.parse(raw, definition.name);
}

/** Every setting from the environment; throws `ConfigError` on the first bad one. */
export function readConfig(env: Environment = process.env): Config {
  const entries = Object.keys(VARIABLES).map((key) => [
    key,
    readVariable(key as keyof Variables, env),
  ]);
  const config = Object.fromEntries(entries) as Config;
  if (config.workers > 1 && !config.databaseUrl) {
    // Every write to a SQLite file takes its lock: more processes would only queue on it, and
    // the rate-limit counters of a SQLite store live in its one process.
    throw new ConfigError(
      `WORKERS=${config.workers} needs DATABASE_URL (PostgreSQL): a SQLite file is served by one process.`,
    );
  }
  return config;
}

/** The database `openStore` opens: DATABASE_URL when set, else the SQLite file. */
export const storeTarget = (config: Pick<Config, "databaseUrl" | "databasePath">) =>
  config.databaseUrl ?? config.databasePath;

/** The rate limits of `config`: its counts with the fixed windows (and delay) of DEFAULT_RATE_LIMITS. */
export function rateLimitsOf(config: Config): RateLimits {
  const withCount = <K extends keyof RateLimits>(key: K): RateLimits[K] => ({
    ...DEFAULT_RATE_LIMITS[key],
    limit: config[key],
  });
  return {
    paymentFailuresPerIp: withCount("paymentFailuresPerIp"),
    paymentFailuresPerPlan: withCount("paymentFailuresPerPlan"),
    apiRequestsPerKey: withCount("apiRequestsPerKey"),
    quoteFailuresPerIp: withCount("quoteFailuresPerIp"),
  };
}

import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  ConfigError,
  defaultText,
  ROOT,
  rateLimitsOf,
  readConfig,
  readVariable,
  storeTarget,
  VARIABLES,
} from "../../src/server/config.ts";
import { DEFAULT_RATE_LIMITS } from "../../src/server/http/rate-limit.ts";

describe("server configuration", () => {
  it("takes every default when nothing is set, and treats empty as unset", () => {
    const empty = Object.fromEntries(Object.values(VARIABLES).map(({ name }) => [name, ""]));
    for (const env of [{}, empty]) {
      expect(readConfig(env)).toEqual({
        host: "127.0.0.1",
        checkoutPort: 4100,
        demoPort: 4000,
        embedOrigins: [],
        databasePath: join(ROOT, "data", "checkout.db"),
        databaseUrl: null,
        workers: 1,
        serverSecret: null,
        demoApiKey: null,
        paymentFailuresPerIp: 30,
        paymentFailuresPerPlan: 300,
        apiRequestsPerKey: 600,
        quoteFailuresPerIp: 60,
        webhookPollMs: 500,
        webhookRetryBaseMs: 5_000,
        webhookLeaseMs: 30_000,
        webhookAllowPrivateTargets: false,
        webhookTimeoutMs: 10_000,
        smtp: null,
      });
    }
  });

  it("names each variable once, and shows every default as text", () => {
    const names = Object.values(VARIABLES).map(({ name }) => name);
    expect(new Set(names).size).toBe(names.length);
    for (const variable of Object.values(VARIABLES)) {
      expect(variable.name).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(variable.meaning).not.toBe("");
      expect(defaultText(variable)).not.toMatch(/^$|^\[object/);
    }
    expect(defaultText(VARIABLES.databasePath)).toBe("data/checkout.db");
  });

  it("reads set values", () => {
    const config = readConfig({
      HOST: "0.0.0.0",
      CHECKOUT_PORT: "0",
      DEMO_PORT: "65535",
      EMBED_ORIGINS: " https://shop.example , http://localhost:*,",
      DATABASE_PATH: "/tmp/x.db",
      DATABASE_URL: "postgres://app@db.internal:5432/checkout",
      WORKERS: "3",
      SERVER_SECRET: "ab".repeat(32),
      DEMO_API_KEY: "key_abc",
      RATE_LIMIT_PAYMENT_FAILURES_PER_IP: "5",
      RATE_LIMIT_PAYMENT_FAILURES_PER_PLAN: "6",
      RATE_LIMIT_API_PER_KEY: "7",
      RATE_LIMIT_QUOTE_FAILURES_PER_IP: "8",
      WEBHOOK_POLL_MS: "10",
      WEBHOOK_RETRY_BASE_MS: "20",
      WEBHOOK_LEASE_MS: "30",
      WEBHOOK_ALLOW_PRIVATE_TARGETS: "true",
      WEBHOOK_TIMEOUT_MS: "40",
      SMTP_URL: "smtps://mailer:s%40cret@mail.example:465?from=receipts@shop.example&pool=true",
    });
    expect(config).toEqual({
      host: "0.0.0.0",
      checkoutPort: 0,
      demoPort: 65535,
      embedOrigins: ["https://shop.example", "http://localhost:*"],
      databasePath: "/tmp/x.db",
      databaseUrl: "postgres://app@db.internal:5432/checkout",
      workers: 3,
      serverSecret: "ab".repeat(32),
      demoApiKey: "key_abc",
      paymentFailuresPerIp: 5,
      paymentFailuresPerPlan: 6,
      apiRequestsPerKey: 7,
      quoteFailuresPerIp: 8,
      webhookPollMs: 10,
      webhookRetryBaseMs: 20,
      webhookLeaseMs: 30,
      webhookAllowPrivateTargets: true,
      webhookTimeoutMs: 40,
      // The From address leaves the URL; the mail client's own options stay in it.
      smtp: {
        url: "smtps://mailer:s%40cret@mail.example:465?pool=true",
        from: "receipts@shop.example",
      },
    });
    expect(rateLimitsOf(config)).toEqual({
      paymentFailuresPerIp: {
        limit: 5,
        windowMs: DEFAULT_RATE_LIMITS.paymentFailuresPerIp.windowMs,
      },
      paymentFailuresPerPlan: {
        limit: 6,
        windowMs: DEFAULT_RATE_LIMITS.paymentFailuresPerPlan.windowMs,
        delayMs: DEFAULT_RATE_LIMITS.paymentFailuresPerPlan.delayMs,
      },
      apiRequestsPerKey: { limit: 7, windowMs: DEFAULT_RATE_LIMITS.apiRequestsPerKey.windowMs },
      quoteFailuresPerIp: { limit: 8, windowMs: DEFAULT_RATE_LIMITS.quoteFailuresPerIp.windowMs },
    });
  });

  it.each([
    ["CHECKOUT_PORT", "65536", /CHECKOUT_PORT must be a port number from 0 to 65535, got "65536"/],
    ["DEMO_PORT", "http", /DEMO_PORT must be a port number/],
    ["CHECKOUT_PORT", "-1", /CHECKOUT_PORT must be a port number/],
    ["EMBED_ORIGINS", "https://ok.example,javascript:alert(1)", /got "javascript:alert\(1\)"/],
    ["EMBED_ORIGINS", "https://shop.example/path", /EMBED_ORIGINS must list origins/],
    ["RATE_LIMIT_PAYMENT_FAILURES_PER_IP", "0", /must be a whole number above 0, got "0"/],
    ["RATE_LIMIT_PAYMENT_FAILURES_PER_PLAN", "1.5", /RATE_LIMIT_PAYMENT_FAILURES_PER_PLAN must/],
    ["RATE_LIMIT_API_PER_KEY", "many", /RATE_LIMIT_API_PER_KEY must/],
    ["RATE_LIMIT_QUOTE_FAILURES_PER_IP", "-3", /RATE_LIMIT_QUOTE_FAILURES_PER_IP must/],
    ["WORKERS", "0", /WORKERS must be a whole number above 0/],
    ["WEBHOOK_POLL_MS", "0", /WEBHOOK_POLL_MS must/],
    ["WEBHOOK_RETRY_BASE_MS", "soon", /WEBHOOK_RETRY_BASE_MS must/],
    ["WEBHOOK_LEASE_MS", "-1", /WEBHOOK_LEASE_MS must/],
    ["WEBHOOK_TIMEOUT_MS", "2.5", /WEBHOOK_TIMEOUT_MS must/],
    ["DATABASE_URL", "mysql://root:secret@db/x", /DATABASE_URL must be a URL like postgres:\/\//],
    ["WEBHOOK_ALLOW_PRIVATE_TARGETS", "yes", /WEBHOOK_ALLOW_PRIVATE_TARGETS must be true or false/],
    ["SERVER_SECRET", "ab".repeat(31), /SERVER_SECRET must be at least 32 bytes/],
    ["SMTP_URL", "mail.example:25", /SMTP_URL must be a URL like smtp:\/\//],
    ["SMTP_URL", "https://mail.example", /with the scheme smtp: or smtps:/],
    ["SMTP_URL", "smtp://mail.example?from=nobody", /SMTP_URL's from= must be an email address/],
  ])("refuses %s=%s with a ConfigError naming it", (name, value, message) => {
    expect(() => readConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => readConfig({ [name]: value })).toThrow(message);
  });

  it("sends receipts from receipts@localhost unless SMTP_URL names an address, and never repeats its password", () => {
    expect(readConfig({ SMTP_URL: "smtp://127.0.0.1:2525" }).smtp).toEqual({
      url: "smtp://127.0.0.1:2525",
      from: "receipts@localhost",
    });
    expect(() => readConfig({ SMTP_URL: "ftp://user:hunter2@mail.example" })).toThrow(
      /^(?!.*hunter2)/,
    );
  });

  it("runs several workers on PostgreSQL only: a SQLite file is served by one process", () => {
    expect(() => readConfig({ WORKERS: "2" })).toThrow(
      /WORKERS=2 needs DATABASE_URL \(PostgreSQL\): a SQLite file is served by one process/,
    );
    expect(readConfig({ WORKERS: "1" }).workers).toBe(1);
    expect(readConfig({ WORKERS: "4", DATABASE_URL: "postgres://app@db/checkout" }).workers).toBe(
      4,
    );
  });

  it("opens PostgreSQL when DATABASE_URL is set, else the SQLite file", () => {
    const url = "postgresql://app@db.internal/checkout";
    expect(storeTarget(readConfig({ DATABASE_PATH: "/tmp/x.db" }))).toBe("/tmp/x.db");
    expect(storeTarget(readConfig({ DATABASE_PATH: "/tmp/x.db", DATABASE_URL: url }))).toBe(url);
  });

  it("reads one variable alone, so the CLI is not stopped by the server's settings", () => {
    const env = { DATABASE_PATH: "/tmp/cli.db", CHECKOUT_PORT: "not a port" };
    expect(readVariable("databasePath", env)).toBe("/tmp/cli.db");
    expect(() => readConfig(env)).toThrow(ConfigError);
  });
});

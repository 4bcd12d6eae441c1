import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createCheckoutApp } from "../../src/server/app.ts";
import { run } from "../../src/server/cli.ts";
import { hashApiKey } from "../../src/server/store/api-keys.ts";
import { openDatabase } from "../../src/server/store/database.ts";
import { SqliteStore } from "../../src/server/store/sqlite.ts";
import { GENEROUS_LIMITS, postJson, successCard, TEST_SERVER_SECRET } from "../support/test-app.ts";

type Json = Record<string, unknown> & { id: string };

describe("platform CLI", () => {
  it("builds a company's catalog, keys and settings that the API then serves", async () => {
    const store = new SqliteStore(openDatabase(":memory:"));
    const cli = (line: string[]) => run(line, store) as Json;
    const company = cli([
      "company",
      "create",
      "--title",
      "Shop",
      "--origin",
      "https://shop.example",
    ]);
    expect(company.id).toMatch(/^biz_/);
    const key = cli(["key", "create", company.id, "--name", "backend"]) as Json & { key: string };
    expect(key.key).toMatch(/^sk_test_/);
    expect(store.apiKeys.authenticate(key.key)?.company_id).toBe(company.id);
    const keys = run(["key", "list", company.id], store) as Json[];
    expect(keys.map((listed) => listed.id)).toEqual([key.id]);
    expect(keys[0]?.last_used_at).not.toBeNull();
    expect(JSON.stringify(keys)).not.toContain(key.key);
    expect(JSON.stringify(store.db.prepare("SELECT * FROM api_keys").all())).toContain(
      hashApiKey(key.key),
    );

    const product = cli([
      "product",
      "create",
      company.id,
      "--title",
      "Course",
      "--route",
      "course",
    ]);
    const plan = cli([
      "plan",
      "create",
      product.id,
      "--type",
      "renewal",
      "--currency",
      "usd",
      "--price",
      "2500",
      "--renewal-price",
      "2500",
      "--billing-period",
      "30",
      "--stock",
      "5",
    ]);
    expect(plan).toMatchObject({ unlimited_stock: false, stock: 5, billing_period: 30 });
    const promo = cli([
      "promo",
      "create",
      company.id,
      "--code",
      "half",
      "--percent-off",
      "50",
      "--plan",
      plan.id,
    ]);
    expect(promo).toMatchObject({ code: "HALF", plan_ids: [plan.id] });
    cli(["company", "set-redirect", company.id, "https://shop.example/thanks"]);
    cli(["product", "set-redirect", product.id, "none"]);
    const origins = cli([
      "company",
      "set-origins",
      company.id,
      "https://a.example",
      "https://b.example",
    ]);
    expect(origins.allowed_origins).toEqual(["https://a.example", "https://b.example"]);
    const hook = cli([
      "webhook",
      "add",
      company.id,
      "https://hooks.example/in",
      "--event",
      "payment.succeeded",
    ]);
    expect(hook.secret).toMatch(/^whsec_/);

    const app = createCheckoutApp({
      store,
      distDir: "dist",
      defaultFrameAncestors: [],
      rateLimits: GENEROUS_LIMITS,
      serverSecret: TEST_SERVER_SECRET,
    });
    const paid = await app.request(
      "/api/v1/payments",
      postJson({ plan_id: plan.id, email: "a@b.co", card: successCard, promo_code: "HALF" }),
    );
    expect(paid.status).toBe(201);
    const body = await paid.json();
    expect(body.payment.amount).toBe(1250);
    expect(body.redirect_url).toBe(
      `https://shop.example/thanks?status=success&receipt_id=${body.receipt.id}&plan_id=${plan.id}`,
    );

    const payments = run(["payments", "list", "--company", company.id], store) as Json[];
    expect(payments.map((payment) => payment.id)).toEqual([body.payment.id]);
    const deliveries = run(["webhooks", "list", "--company", company.id], store) as Json[];
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ event_type: "payment.succeeded", status: "pending" });
    store.webhooks.markAttemptFailed(deliveries[0]!.id, {
      statusCode: 500,
      error: "x",
      retryAt: null,
    });
    expect(cli(["webhooks", "replay", deliveries[0]!.id])).toMatchObject({
      status: "pending",
      attempts: 0,
    });
    expect(cli(["key", "revoke", key.id]).revoked_at).not.toBeNull();
    expect(store.apiKeys.authenticate(key.key)).toBeNull();
    expect(() => run(["key", "revoke", "key_Missing"], store)).toThrow("No API key key_Missing");
  });

  it("rejects bad input with the field named, through the same validation as the API", () => {
    const store = new SqliteStore(openDatabase(":memory:"));
    const company = run(["company", "create", "--title", "Shop"], store) as Json;
    expect(() => run(["company", "create"], store)).toThrow("title");
    expect(() => run(["company", "set-origins", company.id, "nope"], store)).toThrow(/origins/);
    expect(() =>
      run(["promo", "create", company.id, "--code", "X", "--percent-off", "ten"], store),
    ).toThrow("percent_off must be a number.");
    expect(() => run(["key", "create", "biz_Missing"], store)).toThrow("No company biz_Missing");
    expect(() => run(["frobnicate", "now"], store)).toThrow('Unknown command "frobnicate now"');
    expect(() => run(["payments", "list", "--limit", "lots"], store)).toThrow("--limit must be");
    expect(() => run(["webhooks", "list", "--status", "lost"], store)).toThrow("--status must be");
  });

  it("runs as `npm run platform` and reports errors on stderr with the prefix and exit code 1", () => {
    const dir = mkdtempSync(join(tmpdir(), "platform-cli-"));
    const tsx = join(
      createRequire(import.meta.url).resolve("tsx/package.json"),
      "..",
      "dist",
      "cli.mjs",
    );
    const env = { ...process.env, DATABASE_PATH: join(dir, "cli.db") };
    try {
      const ok = spawnSync(
        process.execPath,
        [tsx, "src/server/cli.ts", "company", "create", "--title", "Co"],
        { env, encoding: "utf8" },
      );
      expect(ok.status).toBe(0);
      expect(JSON.parse(ok.stdout).title).toBe("Co");
      const bad = spawnSync(
        process.execPath,
        [tsx, "src/server/cli.ts", "company", "set-redirect", "biz_Missing", "https://x.example"],
        { env, encoding: "utf8" },
      );
      expect(bad.status).toBe(1);
      expect(bad.stderr.trim()).toBe(
        "[whop-checkout] company_id: No company biz_Missing exists. (company_not_found)",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

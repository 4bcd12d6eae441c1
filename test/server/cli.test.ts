import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { createCheckoutApp } from "../../src/server/app.ts";
import { run } from "../../src/server/cli.ts";
import { DEMO, seedDemo } from "../../src/server/seed.ts";
import { hashApiKey } from "../../src/server/store/api-keys.ts";
import { describeEachEngine, freshDatabases } from "../support/engines.ts";
import {
  DEMO_ORIGIN,
  GENEROUS_LIMITS,
  postJson,
  purchase,
  successCard,
  TEST_SERVER_SECRET,
} from "../support/test-app.ts";

type Json = Record<string, unknown> & { id: string };

describeEachEngine("platform CLI", (engine) => {
  const fresh = freshDatabases(engine);

  it("builds a company's catalog, keys and settings that the API then serves", async () => {
    const db = await fresh();
    const { store } = db;
    const cli = async (line: string[]) => (await run(line, store)) as Json;
    const company = await cli([
      "company",
      "create",
      "--title",
      "Shop",
      "--origin",
      "https://shop.example",
    ]);
    expect(company.id).toMatch(/^biz_/);
    const key = (await cli(["key", "create", company.id, "--name", "backend"])) as Json & {
      key: string;
    };
    expect(key.key).toMatch(/^sk_test_/);
    expect((await store.apiKeys.authenticate(key.key))?.company_id).toBe(company.id);
    const keys = (await run(["key", "list", company.id], store)) as Json[];
    expect(keys.map((listed) => listed.id)).toEqual([key.id]);
    expect(keys[0]?.last_used_at).not.toBeNull();
    expect(JSON.stringify(keys)).not.toContain(key.key);
    expect(JSON.stringify(await db.query("SELECT * FROM api_keys"))).toContain(hashApiKey(key.key));

    const product = await cli([
      "product",
      "create",
      company.id,
      "--title",
      "Course",
      "--route",
      "course",
    ]);
    const plan = await cli([
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
    const promo = await cli([
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
    await cli(["company", "set-redirect", company.id, "https://shop.example/thanks"]);
    await cli(["product", "set-redirect", product.id, "none"]);
    const origins = await cli([
      "company",
      "set-origins",
      company.id,
      "https://a.example",
      "https://b.example",
    ]);
    expect(origins.allowed_origins).toEqual(["https://a.example", "https://b.example"]);
    const hook = (await cli([
      "webhook",
      "add",
      company.id,
      "https://hooks.example/in",
      "--event",
      "payment.succeeded",
    ])) as unknown as Json;
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

    const payments = (await run(["payments", "list", "--company", company.id], store)) as Json[];
    expect(payments.map((payment) => payment.id)).toEqual([body.payment.id]);
    const deliveries = (await run(["webhooks", "list", "--company", company.id], store)) as Json[];
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ event_type: "payment.succeeded", status: "pending" });
    await store.webhooks.markAttemptFailed(deliveries[0]!.id, {
      statusCode: 500,
      error: "x",
      retryAt: null,
    });
    expect(await cli(["webhooks", "replay", deliveries[0]!.id])).toMatchObject({
      status: "pending",
      attempts: 0,
    });
    expect((await cli(["key", "revoke", key.id])).revoked_at).not.toBeNull();
    expect(await store.apiKeys.authenticate(key.key)).toBeNull();
    await expect(run(["key", "revoke", "key_Missing"], store)).rejects.toThrow(
      "No API key key_Missing",
    );
  });

  it("creates a plan that asks for a shipping address and a phone; payments list shows them", async () => {
    const { store } = await fresh();
    const cli = async (line: string[]) => (await run(line, store)) as Json;
    const company = await cli(["company", "create", "--title", "Prints"]);
    const product = await cli([
      "product",
      "create",
      company.id,
      "--title",
      "Map",
      "--route",
      "map",
    ]);
    const plan = await cli([
      "plan",
      "create",
      product.id,
      "--type",
      "one_time",
      "--currency",
      "eur",
      "--price",
      "1900",
      "--collect-shipping",
      "--collect-phone",
    ]);
    expect(plan).toMatchObject({
      collect_address: false,
      collect_shipping: true,
      collect_phone: true,
    });
    const app = createCheckoutApp({
      store,
      distDir: "dist",
      defaultFrameAncestors: [],
      rateLimits: GENEROUS_LIMITS,
      serverSecret: TEST_SERVER_SECRET,
    });
    const pay = (body: object) =>
      app.request(
        "/api/v1/payments",
        postJson({ plan_id: plan.id, email: "a@b.co", card: successCard, ...body }),
      );
    const refused = await pay({ phone: "+33 1 42 68 53 00" });
    expect((await refused.json()).error).toMatchObject({ field: "shipping_address" });
    const shipping_address = {
      name: "Jean",
      line1: "1 rue de Rivoli",
      city: "Paris",
      postal_code: "75001",
      country: "FR",
    };
    expect((await pay({ shipping_address, phone: "01 42 68 53 00" })).status).toBe(201);
    const [payment] = (await run(["payments", "list", "--company", company.id], store)) as Json[];
    expect(payment).toMatchObject({
      shipping_address: { ...shipping_address, line2: null, state: null },
      phone: "+33142685300",
    });
  });

  it("refuses a loopback webhook target unless WEBHOOK_ALLOW_PRIVATE_TARGETS is set", async () => {
    const { store } = await fresh();
    const company = (await run(["company", "create", "--title", "Shop"], store)) as Json;
    const add = (env: Record<string, string>) =>
      run(["webhook", "add", company.id, "http://127.0.0.1:9/hooks"], store, env);
    await expect(add({})).rejects.toMatchObject({
      field: "<URL>",
      message: "<URL> must reach a public address; 127.0.0.1 is private, loopback or reserved.",
    });
    expect(await store.webhooks.listEndpoints(company.id)).toEqual([]);
    expect(await add({ WEBHOOK_ALLOW_PRIVATE_TARGETS: "true" })).toMatchObject({
      url: "http://127.0.0.1:9/hooks",
    });
  });
  it("lists receipt emails and shows one as it is kept unsent without a mail server", async () => {
    const { store } = await fresh();
    await seedDemo(store, DEMO_ORIGIN);
    const app = createCheckoutApp({
      store,
      distDir: "dist",
      defaultFrameAncestors: [],
      rateLimits: GENEROUS_LIMITS,
      serverSecret: TEST_SERVER_SECRET,
    });
    const { receipt } = await (
      await app.request("/api/v1/payments", postJson(purchase({ email: "cli@example.com" })))
    ).json();
    const listed = (await run(["receipts", "list", "--company", DEMO.company], store)) as Json[];
    expect(listed).toEqual([
      expect.objectContaining({ receipt_id: receipt.id, to: "cli@example.com", status: "held" }),
    ]);
    // A listing leaves the bodies out; `show` has the message as it would be sent.
    expect(listed[0]).not.toHaveProperty("text");
    const shown = (await run(["receipts", "show", receipt.id], store)) as Json;
    expect(shown).toMatchObject({ receipt_id: receipt.id, sender_name: "Acme Creators" });
    expect(shown.text).toContain("Amount paid: $49.00");
    expect(shown.html).toContain(receipt.id);
    expect(await run(["receipts", "list", "--status", "sent"], store)).toEqual([]);
    await expect(run(["receipts", "list", "--status", "lost"], store)).rejects.toThrow(
      "--status must be one of pending, sent, failed, held.",
    );
    await expect(run(["receipts", "show", "r_Missing"], store)).rejects.toThrow(
      "No receipt r_Missing exists.",
    );
    await expect(run(["receipts", "show"], store)).rejects.toThrow("Missing the receipt id.");
  });

  it("runs compiled, as `npm run platform` does, migrates on demand, and reports errors on stderr with the prefix and exit code 1", async () => {
    const dir = mkdtempSync(join(tmpdir(), "platform-cli-"));
    const fresh = await engine.fresh();
    const env = {
      ...process.env,
      ...(engine.name === "postgres"
        ? { DATABASE_URL: fresh.target }
        : { DATABASE_PATH: join(dir, "cli.db") }),
    };
    const platform = (...args: string[]) =>
      spawnSync(process.execPath, ["dist/server/cli.js", ...args], { env, encoding: "utf8" });
    try {
      const migrated = platform("migrate");
      expect(migrated.status).toBe(0);
      expect(JSON.parse(migrated.stdout).applied[0]).toBe("001_init.sql");
      expect(JSON.parse(platform("migrate").stdout)).toEqual({ applied: [] });
      const ok = spawnSync(
        process.execPath,
        ["dist/server/cli.js", "company", "create", "--title", "Co"],
        { env, encoding: "utf8" },
      );
      expect(ok.status).toBe(0);
      expect(JSON.parse(ok.stdout).title).toBe("Co");
      const bad = spawnSync(
        process.execPath,
        ["dist/server/cli.js", "company", "set-redirect", "biz_Missing", "https://x.example"],
        { env, encoding: "utf8" },
      );
      expect(bad.status).toBe(1);
      expect(bad.stderr.trim()).toBe(
        "[whop-checkout] <biz_…>: No company biz_Missing exists. (company_not_found)",
      );
    } finally {
      await fresh.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

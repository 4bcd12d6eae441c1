import { expect, it } from "vitest";
import { createApiKey } from "../../../src/server/catalog.ts";
import { DEMO } from "../../../src/server/seed.ts";
import { describeEachEngine } from "../../support/engines.ts";
import { merchantApps } from "../../support/test-app.ts";

describeEachEngine("server API authentication", (engine) => {
  const setup = merchantApps(engine);
  it("answers 401 without a key, with a malformed or unknown key, and with a revoked key", async () => {
    const { app, store, call } = await setup();
    const none = await app.request("/api/v1/payments");
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe("Bearer");
    expect((await none.json()).error).toMatchObject({
      code: "missing_api_key",
      field: "Authorization",
    });
    const basic = await app.request("/api/v1/payments", {
      headers: { Authorization: "Basic abc" },
    });
    expect((await basic.json()).error.code).toBe("invalid_api_key");
    expect((await call("GET", "/payments", undefined, "sk_test_nope")).status).toBe(401);

    const { key, record } = await createApiKey(store, DEMO.company, "old");
    expect((await call("GET", "/payments", undefined, key)).status).toBe(200);
    await store.apiKeys.revoke(record.id);
    expect((await call("GET", "/payments", undefined, key)).status).toBe(401);
  });

  it("stores only a hash of each key", async () => {
    const { db, key } = await setup();
    const rows = JSON.stringify(await db.query("SELECT * FROM api_keys"));
    expect(rows).not.toContain(key);
    expect(rows).toContain(key.slice(0, 12));
  });
});

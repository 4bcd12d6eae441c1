import { describe, expect, it } from "vitest";
import { createApiKey, saveCompany } from "../../../src/server/catalog.ts";
import { DEMO } from "../../../src/server/seed.ts";
import { createTestApp } from "../../support/test-app.ts";

/** A test app with an API key for the demo company and one for a stranger company. */

function setup(limits: Parameters<typeof createTestApp>[0] = {}) {
  const { app, store } = createTestApp(limits);
  const { key } = createApiKey(store, DEMO.company, "test");
  const stranger = saveCompany(store, { title: "Someone Else" });
  const { key: strangerKey } = createApiKey(store, stranger.id, "theirs");
  const call = (method: string, path: string, body?: unknown, apiKey = key) =>
    app.request(`/api/v1${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${apiKey}`,
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return { app, store, key, strangerKey, stranger, call };
}

describe("server API authentication", () => {
  it("answers 401 without a key, with a malformed or unknown key, and with a revoked key", async () => {
    const { app, store, call } = setup();
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

    const { key, record } = createApiKey(store, DEMO.company, "old");
    expect((await call("GET", "/payments", undefined, key)).status).toBe(200);
    store.apiKeys.revoke(record.id);
    expect((await call("GET", "/payments", undefined, key)).status).toBe(401);
  });

  it("stores only a hash of each key", () => {
    const { store, key } = setup();
    const rows = JSON.stringify(store.db.prepare("SELECT * FROM api_keys").all());
    expect(rows).not.toContain(key);
    expect(rows).toContain(key.slice(0, 12));
  });
});

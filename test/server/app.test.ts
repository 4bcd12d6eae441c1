import { createHash } from "node:crypto";
import { expect, it } from "vitest";
import { DEMO } from "../../src/server/seed.ts";
import { describeEachEngine } from "../support/engines.ts";
import { DEMO_ORIGIN, merchantApps, testApps } from "../support/test-app.ts";

describeEachEngine("checkout origin routes", (engine) => {
  const createTestApp = testApps(engine);
  it("serves health, and the embed shell with frame-ancestors and a strict CSP", async () => {
    const { app } = await createTestApp();
    expect(await (await app.request("/healthz")).json()).toEqual({ status: "ok" });
    const shell = await app.request(`/embed/checkout?planId=${DEMO.oneTimePlan}&theme=dark`);
    const csp = shell.headers.get("content-security-policy") ?? "";
    expect(csp).toContain(`frame-ancestors ${DEMO_ORIGIN}`);
    expect(csp).toContain("script-src 'self'");
    expect(shell.headers.get("x-content-type-options")).toBe("nosniff");
    // `npm test` builds first, so the shell has the app's hashed assets to point at.
    expect(shell.status).toBe(200);
    const html = await shell.text();
    expect(html).toContain('data-theme="dark"');
    expect(html).toContain(
      `<link rel="preload" as="fetch" href="/api/v1/plans/${DEMO.oneTimePlan}"`,
    );
    expect(html).toMatch(/<script type="module" src="\/assets\/main-[\w-]+\.js"><\/script>/);
  });

  it("serves the versioned loader and a manifest whose SRI hash matches it", async () => {
    const { app } = await createTestApp();
    const loader = await app.request("/v1/loader.js");
    expect(loader.status).toBe(200);
    expect(loader.headers.get("access-control-allow-origin")).toBe("*");
    const body = Buffer.from(await loader.arrayBuffer());
    const manifest = await (await app.request("/v1/manifest.json")).json();
    const integrity = `sha384-${createHash("sha384").update(body).digest("base64")}`;
    expect(manifest["loader.js"]).toEqual({ path: "/v1/loader.js", integrity });
  });

  it("serves loader-api.js at the content-addressed path loader.js pins, with its hash, for good", async () => {
    const { app } = await createTestApp();
    const manifest = await (await app.request("/v1/manifest.json")).json();
    const { path, integrity } = manifest["loader-api.js"];
    // Named by the start of its hash, in URL-safe base64.
    expect(path).toMatch(/^\/v1\/loader-api\.[\w-]{8}\.js$/);
    const api = await app.request(path);
    expect(api.status).toBe(200);
    expect(api.headers.get("access-control-allow-origin")).toBe("*");
    expect(api.headers.get("cache-control")).toContain("immutable");
    const body = Buffer.from(await api.arrayBuffer());
    expect(integrity).toBe(`sha256-${createHash("sha256").update(body).digest("base64")}`);
    expect(path.slice(15, 23)).toBe(
      createHash("sha256").update(body).digest("base64url").slice(0, 8),
    );
    // loader.js carries both, so a page pinning loader.js runs only this file.
    const loader = await (await app.request("/v1/loader.js")).text();
    expect(loader).toContain(path);
    expect(loader).toContain(integrity);
    expect((await app.request("/loader-api.js")).status).toBe(404);
  });

  it("answers unknown API routes with a JSON 404", async () => {
    const { app } = await createTestApp();
    const response = await app.request("/api/v1/nothing");
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe("not_found");
  });
});

describeEachEngine("security headers", (engine) => {
  const setup = merchantApps(engine);
  it("sends nosniff, a referrer policy and no-framing headers on API answers", async () => {
    const { app } = await setup();
    const response = await app.request(`/api/v1/plans/${DEMO.oneTimePlan}`);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(response.headers.get("cross-origin-resource-policy")).toBe("same-origin");
  });
});

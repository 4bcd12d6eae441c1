import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createDemoApp } from "../../../demo/server/app.ts";
import { MerchantBackend } from "../../../demo/server/merchant.ts";
import { FAVICON_PATH } from "../../../src/server/http/favicon.ts";
import { DEMO } from "../../../src/server/seed.ts";
import { createTestApp } from "../../support/test-app.ts";

const demoDir = join(process.cwd(), "demo");

describe("the favicon", () => {
  const origins = {
    checkout: async () => (await createTestApp()).app,
    demo: async () =>
      createDemoApp({
        demoDir,
        checkoutOrigin: "http://127.0.0.1:1",
        merchant: new MerchantBackend("http://127.0.0.1:1", "sk_test_unused"),
        fullExamplePlanId: DEMO.oneTimePlan,
      }),
  };

  for (const [name, makeApp] of Object.entries(origins)) {
    it(`is served by the ${name} origin as SVG, cached, and /favicon.ico leads to it`, async () => {
      const app = await makeApp();
      const icon = await app.request(FAVICON_PATH);
      expect(icon.status).toBe(200);
      expect(icon.headers.get("content-type")).toBe("image/svg+xml");
      expect(icon.headers.get("cache-control")).toMatch(/^public, max-age=\d+/);
      expect(await icon.text()).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg".*<\/svg>$/s);
      const legacy = await app.request("/favicon.ico");
      expect(legacy.status).toBe(301);
      expect(legacy.headers.get("location")).toBe(FAVICON_PATH);
    });
  }

  it("is linked by every demo page and the API reference", async () => {
    const link = `<link rel="icon" href="${FAVICON_PATH}" type="image/svg+xml">`;
    const pages = readdirSync(demoDir).filter((file) => file.endsWith(".html"));
    expect(pages.length).toBeGreaterThan(5);
    for (const page of pages) {
      expect(readFileSync(join(demoDir, page), "utf8"), page).toContain(link);
    }
    const reference = await (await origins.checkout()).request("/api/v1/docs");
    expect(await reference.text()).toContain(link);
  });
});

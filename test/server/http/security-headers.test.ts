import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEMO } from "../../../src/server/seed.ts";
import { createTestApp, DEMO_ORIGIN } from "../../support/test-app.ts";

// `npm test` builds first, so dist/ has the loader and the app's hashed assets.
const asset = readdirSync("dist/checkout/assets").find((name) => name.endsWith(".js"))!;

const NOT_FRAMEABLE =
  "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Whatever it answers, `path` must come with these headers. */
function expectSecurityHeaders(response: Response, csp = NOT_FRAMEABLE) {
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  expect(response.headers.get("referrer-policy")).toMatch(
    /^(no-referrer|strict-origin-when-cross-origin)$/,
  );
  expect(response.headers.get("content-security-policy")).toContain(csp);
}

describe("security headers", () => {
  it.each([
    ["/no/such/page", 404],
    ["/api/v1/no/such/route", 404],
    ["/assets/missing.js", 404],
    [`/assets/${asset}`, 200],
    ["/loader.js", 200],
    ["/v1/loader.js", 200],
    ["/loader-api.js", 404],
    ["/v1/manifest.json", 200],
    ["/healthz", 200],
    [`/api/v1/plans/${DEMO.oneTimePlan}`, 200],
    ["/api/v1/plans/plan_Missing123", 404],
  ])("are sent with %s (%i), which no page may frame", async (path, status) => {
    const { app } = await createTestApp();
    const response = await app.request(path);
    expect(response.status).toBe(status);
    expectSecurityHeaders(response);
  });

  it("are sent with a server error", async () => {
    const { app, store } = await createTestApp();
    store.getPlanView = () => {
      throw new Error("disk on fire");
    };
    const response = await app.request(`/api/v1/plans/${DEMO.oneTimePlan}`);
    expect(response.status).toBe(500);
    expectSecurityHeaders(response);
    expect((await response.json()).error.code).toBe("internal_error");
  });

  it("leave the embed page its own policy, framed by the seller's origins", async () => {
    const { app } = await createTestApp();
    const response = await app.request(`/embed/checkout?planId=${DEMO.oneTimePlan}`);
    expectSecurityHeaders(response, `frame-ancestors ${DEMO_ORIGIN}`);
    expect(response.headers.get("content-security-policy")).not.toContain("frame-ancestors 'none'");
  });
});

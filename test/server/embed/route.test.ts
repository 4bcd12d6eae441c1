import { describe, expect, it } from "vitest";
import { saveCompany, savePlan, saveProduct } from "../../../src/server/catalog.ts";
import { DEMO, seedDemo } from "../../../src/server/seed.ts";
import { planFields } from "../../support/plans.ts";
import { createTestApp, DEMO_ORIGIN } from "../../support/test-app.ts";

/** The `frame-ancestors` directive of the embed page for `query`. */
async function frameAncestorsOf(
  app: Awaited<ReturnType<typeof createTestApp>>["app"],
  query: string,
) {
  const response = await app.request(`/embed/checkout?${query}`);
  const csp = response.headers.get("content-security-policy") ?? "";
  return /(?:^|; )frame-ancestors ([^;]*)/.exec(csp)?.[1];
}

/** A company with these allowed origins, selling one plan. */
async function companyPlan(
  store: Awaited<ReturnType<typeof createTestApp>>["store"],
  origins: string[],
) {
  const company = await saveCompany(store, { title: "Other", allowed_origins: origins });
  const product = await saveProduct(store, {
    company_id: company.id,
    title: "Course",
    route: `course-${origins.length}`,
  });
  return (await savePlan(store, { ...planFields(), product_id: product.id })).id;
}

describe("embed framing", () => {
  it("lets the demo origin and EMBED_ORIGINS frame the demo company's checkouts", async () => {
    const { app, store } = await createTestApp();
    expect(await frameAncestorsOf(app, `planId=${DEMO.oneTimePlan}`)).toBe(DEMO_ORIGIN);
    await seedDemo(store, DEMO_ORIGIN, ["https://extra.example", "http://localhost:*"]);
    expect(await frameAncestorsOf(app, `planId=${DEMO.oneTimePlan}`)).toBe(
      `${DEMO_ORIGIN} https://extra.example http://localhost:*`,
    );
  });

  it("lets only a company's own allowed origins frame its checkouts", async () => {
    const { app, store } = await createTestApp();
    const plan = await companyPlan(store, ["https://shop.example", "https://*.shop.example"]);
    expect(await frameAncestorsOf(app, `planId=${plan}`)).toBe(
      "https://shop.example https://*.shop.example",
    );
  });

  it("lets no one frame the checkouts of a company with no allowed origins", async () => {
    const { app, store } = await createTestApp();
    const plan = await companyPlan(store, []);
    expect(await frameAncestorsOf(app, `planId=${plan}`)).toBe("'none'");
  });

  it("keeps the platform's default for a checkout of no known plan, which shows only an error", async () => {
    const { app } = await createTestApp();
    expect(await frameAncestorsOf(app, "planId=plan_Unknown123")).toBe(DEMO_ORIGIN);
  });
});

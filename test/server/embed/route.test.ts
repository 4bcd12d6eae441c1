import { gunzipSync } from "node:zlib";
import { afterEach, describe, expect, it, vi } from "vitest";
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

afterEach(() => vi.restoreAllMocks());

const query = (origin: string, planId: string = DEMO.oneTimePlan) =>
  new URLSearchParams({ planId, channel: "1,2,3,4", origin, utm_source: "x" });

describe("GET /embed/checkout", () => {
  it("is compressed as the browser accepts, with the plan's price made for its buyer", async () => {
    const { app } = await createTestApp();
    const path = `/embed/checkout?planId=${DEMO.oneTimePlan}&locale=fr`;
    const plain = await app.request(path);
    expect(plain.headers.get("content-encoding")).toBeNull();
    const html = await plain.text();
    const inlined = JSON.parse(
      /<script type="application\/json" id="i18n">(.*?)<\/script>/.exec(html)![1]!,
    );
    expect(Object.values(inlined.prices)).toContain("49,00\u00a0$US");

    // gzip even where brotli is accepted: its kept part was compressed once (gzipAfter).
    for (const accepted of ["gzip, deflate, br, zstd", "gzip", "br, gzip;q=0.5"]) {
      const answer = await app.request(path, { headers: { "accept-encoding": accepted } });
      expect(answer.headers.get("content-encoding")).toBe("gzip");
      expect(answer.headers.get("content-type")).toBe("text/html; charset=UTF-8");
      expect(answer.headers.get("vary")).toContain("Accept-Encoding");
      expect(gunzipSync(Buffer.from(await answer.arrayBuffer())).toString()).toBe(html);
    }
    const brotliOnly = await app.request(path, { headers: { "accept-encoding": "br" } });
    expect(brotliOnly.headers.get("content-encoding")).toBeNull();
    expect(await brotliOnly.text()).toBe(html);
  });

  it("may be kept by the browser alone, asked again each time: a 304 while it is unchanged", async () => {
    const { app, store } = await createTestApp();
    const path = `/embed/checkout?planId=${DEMO.oneTimePlan}&origin=${encodeURIComponent(DEMO_ORIGIN)}`;
    const read = (headers: Record<string, string> = {}) =>
      app.request(path, { headers: { "accept-encoding": "gzip", ...headers } });
    const first = await read();
    // Private: a merchant may put the buyer's email in the page's query (prefillEmail).
    expect(first.headers.get("cache-control")).toBe("private, no-cache");
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    // Each encoding is bytes of its own, with a tag of its own.
    const plain = await read({ "accept-encoding": "identity" });
    expect(plain.headers.get("etag")).not.toBe(etag);

    const unchanged = await read({ "if-none-match": etag });
    expect(unchanged.status).toBe(304);
    expect(await unchanged.text()).toBe("");
    expect(unchanged.headers.get("etag")).toBe(etag);
    expect(unchanged.headers.get("content-security-policy")).toBe(
      first.headers.get("content-security-policy"),
    );

    // A new price is a new page.
    const plan = (await store.getPlanContext(DEMO.oneTimePlan))!.plan;
    await store.upsertPlan({ ...plan, initial_price: plan.initial_price + 100 });
    const changed = await read({ "if-none-match": etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
  });
});

describe("GET /embed/allowed", () => {
  it("answers 204 for an origin that may frame the plan, to any page (CORS)", async () => {
    const { app } = await createTestApp();
    const answer = await app.request(`/embed/allowed?${query(DEMO_ORIGIN)}`);
    expect(answer.status).toBe(204);
    expect(answer.headers.get("access-control-allow-origin")).toBe("*");
    expect(await answer.text()).toBe("");
  });

  it("answers the sentence to log for an origin that may not, the session's plan included", async () => {
    const { app } = await createTestApp();
    const answer = await app.request(`/embed/allowed?${query("http://127.0.0.1:4000")}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("access-control-allow-origin")).toBe("*");
    const sentence = await answer.text();
    expect(sentence).toContain(
      `http://127.0.0.1:4000 may not embed the checkout of ${DEMO.oneTimePlan}`,
    );
    expect(sentence).toContain(
      `company set-origins ${DEMO.company} ${DEMO_ORIGIN} http://127.0.0.1:4000`,
    );
    expect(sentence).toContain("EMBED_ORIGINS=http://127.0.0.1:4000");

    const bySession = new URLSearchParams({ sessionId: DEMO.session, origin: "https://x.example" });
    const forSession = await (await app.request(`/embed/allowed?${bySession}`)).text();
    expect(forSession).toContain(`the checkout of ${DEMO.oneTimePlan}`);
  });
});

describe("the shell's violation reports", () => {
  const report = JSON.stringify({
    "csp-report": {
      "document-uri": "http://checkout.example/embed/checkout",
      "violated-directive": "frame-ancestors",
      "effective-directive": "frame-ancestors",
    },
  });

  it("go to /embed/csp-report, named by plan and page origin", async () => {
    const { app } = await createTestApp();
    const shell = await app.request(`/embed/checkout?${query("http://127.0.0.1:4000")}`);
    const csp = shell.headers.get("content-security-policy")!;
    expect(csp).toContain(
      `report-uri /embed/csp-report?planId=${DEMO.oneTimePlan}&origin=http%3A%2F%2F127.0.0.1%3A4000`,
    );
  });

  it("are logged once per origin and company, with the fix", async () => {
    const { app } = await createTestApp();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const send = (origin: string, body = report) =>
      app.request(
        `/embed/csp-report?${new URLSearchParams({ planId: DEMO.oneTimePlan, origin })}`,
        { method: "POST", headers: { "content-type": "application/csp-report" }, body },
      );
    for (let i = 0; i < 3; i++) expect((await send("http://127.0.0.1:4000")).status).toBe(204);
    await send("https://other.example");
    // An origin the company allows is not refused, whatever a report says.
    await send(DEMO_ORIGIN);
    expect(warn.mock.calls.map(([prefix, line]) => [prefix, String(line).split(" ")[0]])).toEqual([
      ["[whop-checkout]", "http://127.0.0.1:4000"],
      ["[whop-checkout]", "https://other.example"],
    ]);
    expect(String(warn.mock.calls[0]![1])).toContain(`company set-origins ${DEMO.company}`);
  });

  it("refuse bodies over 8 KB and are rate-limited per client", async () => {
    const { app } = await createTestApp();
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const path = `/embed/csp-report?${new URLSearchParams({ origin: "https://x.example" })}`;
    const big = await app.request(path, { method: "POST", body: "x".repeat(9000) });
    expect(big.status).toBe(413);
    let limited = 0;
    for (let i = 0; i < 130; i++) {
      const answer = await app.request(path, { method: "POST", body: "{}" });
      if (answer.status === 429) limited++;
    }
    expect(limited).toBeGreaterThan(0);
  });
});

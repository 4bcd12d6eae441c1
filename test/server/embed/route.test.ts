import { afterEach, describe, expect, it, vi } from "vitest";
import { DEMO } from "../../../src/server/seed.ts";
import { createTestApp, DEMO_ORIGIN } from "../../support/test-app.ts";

afterEach(() => vi.restoreAllMocks());

const query = (origin: string, planId: string = DEMO.oneTimePlan) =>
  new URLSearchParams({ planId, channel: "1,2,3,4", origin, utm_source: "x" });

describe("GET /embed/allowed", () => {
  it("answers 204 for an origin that may frame the plan, to any page (CORS)", async () => {
    const { app } = createTestApp();
    const answer = await app.request(`/embed/allowed?${query(DEMO_ORIGIN)}`);
    expect(answer.status).toBe(204);
    expect(answer.headers.get("access-control-allow-origin")).toBe("*");
    expect(await answer.text()).toBe("");
  });

  it("answers the sentence to log for an origin that may not, the session's plan included", async () => {
    const { app } = createTestApp();
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
    const { app } = createTestApp();
    const shell = await app.request(`/embed/checkout?${query("http://127.0.0.1:4000")}`);
    const csp = shell.headers.get("content-security-policy")!;
    expect(csp).toContain(
      `report-uri /embed/csp-report?planId=${DEMO.oneTimePlan}&origin=http%3A%2F%2F127.0.0.1%3A4000`,
    );
  });

  it("are logged once per origin and company, with the fix", async () => {
    const { app } = createTestApp();
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
    const { app } = createTestApp();
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

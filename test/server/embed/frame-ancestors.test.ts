import { describe, expect, it } from "vitest";
import { frameAncestors } from "../../../src/server/embed/frame-ancestors.ts";
import { DEMO } from "../../../src/server/seed.ts";
import { createTestApp } from "../../support/test-app.ts";

/** The value of one directive of a CSP header. */
const directive = (csp: string | null, name: string) =>
  csp
    ?.split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${name} `))
    ?.slice(name.length + 1);

describe("frame-ancestors", () => {
  it("lists exactly the usable origins given, and nothing more", () => {
    expect(frameAncestors(["https://a.example", "http://localhost:*"])).toBe(
      "https://a.example http://localhost:*",
    );
    expect(
      frameAncestors(["*", "https://a.example", "javascript:x", "https://b.example; script-src *"]),
    ).toBe("https://a.example");
    expect(frameAncestors(["*"])).toBe("'none'");
    expect(frameAncestors([])).toBe("'none'");
  });

  it("sends a company's allowed origins, exactly, on its embeds and its sessions' embeds", async () => {
    const { app, store } = await createTestApp();
    const company = (await store.getCompany(DEMO.company))!;
    await store.upsertCompany({
      ...company,
      allowed_origins: ["https://shop.example", "https://*.shop.example"],
    });
    for (const query of [`planId=${DEMO.oneTimePlan}`, `sessionId=${DEMO.session}`]) {
      const response = await app.request(`/embed/checkout?${query}`);
      const csp = response.headers.get("content-security-policy");
      expect(directive(csp, "frame-ancestors"), query).toBe(
        "https://shop.example https://*.shop.example",
      );
      expect(csp?.match(/frame-ancestors/g)).toHaveLength(1);
    }
  });
});

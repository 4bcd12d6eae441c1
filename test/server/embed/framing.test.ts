import { describe, expect, it } from "vitest";
import { framingRefusal, mayFrame } from "../../../src/server/embed/framing.ts";

describe("mayFrame", () => {
  it("matches origins as browsers match frame-ancestors sources", () => {
    const sources = ["https://shop.example", "http://localhost:4000", "https://*.brand.example"];
    expect(mayFrame(sources, "https://shop.example")).toBe(true);
    expect(mayFrame(sources, "https://shop.example:443")).toBe(true);
    expect(mayFrame(sources, "http://shop.example")).toBe(false);
    expect(mayFrame(sources, "https://shop.example:8443")).toBe(false);
    expect(mayFrame(sources, "http://localhost:4000")).toBe(true);
    expect(mayFrame(sources, "http://localhost:4001")).toBe(false);
    expect(mayFrame(sources, "http://127.0.0.1:4000")).toBe(false);
    expect(mayFrame(sources, "https://eu.brand.example")).toBe(true);
    expect(mayFrame(sources, "https://brand.example")).toBe(false);
    expect(mayFrame(sources, "https://evilbrand.example")).toBe(false);
  });

  it("lets http sources match https, and port wildcards any port", () => {
    expect(mayFrame(["http://shop.example"], "https://shop.example")).toBe(true);
    expect(mayFrame(["http://localhost:*"], "http://localhost:5173")).toBe(true);
    expect(mayFrame(["*"], "https://anything.example")).toBe(true);
  });

  it("refuses what is not an origin, and sources a CSP header would not carry", () => {
    expect(mayFrame(["https://shop.example"], "")).toBe(false);
    expect(mayFrame(["https://shop.example"], "null")).toBe(false);
    expect(mayFrame(["https://shop.example/path"], "https://shop.example")).toBe(false);
    expect(mayFrame([], "https://shop.example")).toBe(false);
  });
});

describe("framingRefusal", () => {
  it("names the page's origin, the plan, the company and both ways to allow it", () => {
    const sentence = framingRefusal(
      {
        planId: "plan_abc",
        companyId: "biz_abc",
        companyOrigins: ["https://shop.example"],
        ancestors: ["https://shop.example"],
      },
      "http://localhost:3000",
    );
    expect(sentence).toContain("http://localhost:3000 may not embed the checkout of plan_abc");
    expect(sentence).toContain("(biz_abc) allows https://shop.example");
    expect(sentence).toContain(
      "`npm run platform -- company set-origins biz_abc https://shop.example http://localhost:3000`",
    );
    expect(sentence).toContain("EMBED_ORIGINS=http://localhost:3000");
  });
});

import { describe, expect, it } from "vitest";
import { readParams } from "../../../src/checkout/params.ts";
import { luminance, textOn } from "../../../src/checkout/theme.ts";

describe("embed query", () => {
  it("reads every embed parameter", () => {
    const params = readParams(
      "?plan=plan_A1&session=ch_B2&theme=dark&accent=0a7cff&email=a%40b.co&name=Ada&hide_price=1&hide_submit=1&hide_tos=1&affiliate=creator-7&utm_source=news&utm_campaign=spring",
    );
    expect(params).toEqual({
      planId: "plan_A1",
      sessionId: "ch_B2",
      theme: "dark",
      accent: "#0a7cff",
      email: "a@b.co",
      name: "Ada",
      hidePrice: true,
      hideSubmit: true,
      hideTos: true,
      affiliate: "creator-7",
      utm: { utm_source: "news", utm_campaign: "spring" },
    });
  });

  it("drops malformed values instead of trusting them", () => {
    const params = readParams(
      "?plan=plan_A1&session=sess_x&theme=neon&accent=red;x&affiliate=a%20b&utm_Source=x&hide_price=yes",
    );
    expect(params).toMatchObject({
      sessionId: null,
      theme: "system",
      accent: null,
      affiliate: null,
      utm: {},
      hidePrice: false,
    });
  });

  it("forwards at most 10 utm parameters of at most 200 characters", () => {
    const many = Array.from({ length: 12 }, (_, i) => `utm_k${"x".repeat(i)}=${"v".repeat(300)}`);
    const { utm } = readParams(`?${many.join("&")}`);
    expect(Object.keys(utm)).toHaveLength(10);
    expect(Object.values(utm).every((value) => value.length === 200)).toBe(true);
  });
});

describe("accent colour", () => {
  it("puts readable text on any accent (WCAG contrast)", () => {
    expect(luminance("#ffffff")).toBeCloseTo(1);
    expect(luminance("#000")).toBeCloseTo(0);
    expect(textOn("#ffe14d")).toBe("#111318");
    expect(textOn("#1d4ed8")).toBe("#ffffff");
    expect(textOn("#d93d1a")).toBe("#ffffff");
  });
});

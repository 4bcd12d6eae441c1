import { describe, expect, it } from "vitest";
import { luminance, textOn } from "../../../src/checkout/theme.ts";

describe("accent colour", () => {
  it("puts readable text on any accent (WCAG contrast)", () => {
    expect(luminance("#ffffff")).toBeCloseTo(1);
    expect(luminance("#000")).toBeCloseTo(0);
    expect(textOn("#ffe14d")).toBe("#111318");
    expect(textOn("#1d4ed8")).toBe("#ffffff");
    expect(textOn("#d93d1a")).toBe("#ffffff");
  });
});

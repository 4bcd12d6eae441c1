import { describe, expect, it } from "vitest";
import { applyAccent } from "../../../src/checkout/theme.ts";

/** The text colour the checkout puts on `accent`. */
function textOn(accent: string): string {
  const root = document.createElement("div");
  applyAccent(root, accent);
  expect(root.style.getPropertyValue("--accent")).toBe(accent);
  return root.style.getPropertyValue("--accent-text");
}

describe("accent colour", () => {
  it("puts readable text on any accent (WCAG contrast), in long or short hex", () => {
    expect(textOn("#ffffff")).toBe("#111318");
    expect(textOn("#000")).toBe("#ffffff");
    expect(textOn("#ffe14d")).toBe("#111318");
    expect(textOn("#1d4ed8")).toBe("#ffffff");
    expect(textOn("#d93d1a")).toBe("#ffffff");
  });

  it("keeps the default accent when the embed sets none", () => {
    const root = document.createElement("div");
    applyAccent(root, null);
    expect(root.style.getPropertyValue("--accent")).toBe("");
  });
});

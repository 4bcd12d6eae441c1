import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  type Appearance,
  appearanceStyle,
  contrast,
  PALETTE,
  paletteFor,
} from "../../../src/server/embed/appearance.ts";

const NONE: Appearance = {
  accent: null,
  background: null,
  radius: null,
  highContrast: false,
  font: "system",
};
const styleOf = (appearance: Partial<Appearance>) => appearanceStyle({ ...NONE, ...appearance });

describe("accent colour", () => {
  it("puts readable text on any accent (WCAG contrast)", () => {
    const textOn = (accent: string) => styleOf({ accent })["--accent-text"];
    expect(textOn("#ffffff")).toBe("#111318");
    expect(textOn("#000000")).toBe("#ffffff");
    expect(textOn("#ffe14d")).toBe("#111318");
    expect(textOn("#1d4ed8")).toBe("#ffffff");
    expect(textOn("#d93d1a")).toBe("#ffffff");
    expect(styleOf({ accent: "#0a7cff" })["--accent"]).toBe("#0a7cff");
  });

  it("leaves the stylesheet's defaults alone when nothing is set", () => {
    expect(styleOf({})).toEqual({});
  });
});

describe("background colour", () => {
  it("picks the palette whose text reads on it", () => {
    expect(paletteFor("#0b1f3a")).toBe("dark");
    expect(paletteFor("#fdf6e3")).toBe("light");
    expect(styleOf({ background: "#0b1f3a" })).toEqual({ "--bg": "#0b1f3a" });
  });

  it("keeps every text colour at 4.5:1 or more on any background", () => {
    for (let grey = 0; grey <= 255; grey += 5) {
      const background = `#${grey.toString(16).padStart(2, "0").repeat(3)}`;
      const style = styleOf({ background });
      const dark = paletteFor(background) === "dark";
      const text = style["--text"] ?? PALETTE["--text"][+dark]!;
      expect(contrast(background, text), background).toBeGreaterThanOrEqual(4.5);
      for (const [name, pair] of Object.entries(PALETTE)) {
        const value = style[name] ?? pair[+dark]!;
        const used = value === "var(--text)" ? text : value;
        expect(contrast(background, used), `${name} on ${background}`).toBeGreaterThanOrEqual(4.5);
      }
    }
  });

  it("replaces only the colours that would be too faint", () => {
    // Mid grey: the light palette's muted grey and red are too faint on it.
    const grey = styleOf({ background: "#8a8f99" });
    expect(grey["--muted"]).toBe("var(--text)");
    // On white every colour of the palette reads.
    expect(styleOf({ background: "#ffffff" })).toEqual({ "--bg": "#ffffff" });
  });

  it("lets the page show through when transparent, keeping the root's scheme light", () => {
    expect(styleOf({ background: "transparent" })).toEqual({
      "--bg": "transparent",
      "color-scheme": "light",
    });
  });
});

describe("radius, font and contrast", () => {
  it("sets each through one custom property", () => {
    const style = styleOf({ radius: 0, font: "mono", highContrast: true });
    expect(style["--radius"]).toBe("0px");
    expect(style["--font"]).toMatch(/^ui-monospace, .*monospace$/);
    expect(style["--muted"]).toBe("var(--text)");
    expect(style["--border"]).toBe("var(--text)");
  });
});

it("knows the stylesheet's palette as it is", () => {
  const css = readFileSync("src/checkout/styles/base.css", "utf8");
  for (const [name, [light, dark]] of Object.entries(PALETTE)) {
    expect(css).toContain(`${name}: light-dark(${light}, ${dark});`);
  }
});

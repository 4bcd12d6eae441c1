import type { Font } from "../../settings.ts";

/** The embed's appearance settings after their checks (see `readEmbedQuery`). */
export interface Appearance {
  /** "#rrggbb" */
  accent: string | null;
  /** "#rrggbb" or "transparent" */
  background: string | null;
  /** px */
  radius: number | null;
  highContrast: boolean;
  font: Font;
}

/**
 * The stylesheet's colours that are drawn on the background, as its `light-dark(light, dark)`
 * pairs (src/checkout/styles/base.css; a test keeps the two equal).
 */
export const PALETTE = {
  "--text": ["#15171c", "#f2f3f6"],
  "--muted": ["#5c6270", "#a9aebb"],
  "--danger": ["#b42318", "#ff9b8f"],
  "--success": ["#12803a", "#5fd38d"],
} as const;

/** System font stacks (nothing is downloaded); `system` is the stylesheet's default. */
const FONT_STACKS: Record<Exclude<Font, "system">, string> = {
  serif: 'ui-serif, Charter, "Bitstream Charter", Cambria, Georgia, serif',
  mono: 'ui-monospace, "Cascadia Code", "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace',
  rounded:
    'ui-rounded, "SF Pro Rounded", "Hiragino Maru Gothic ProN", Quicksand, Comfortaa, Manjari, "Arial Rounded MT Bold", Calibri, sans-serif',
};

/** Relative luminance of "#rrggbb" (WCAG 2). */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG contrast ratio of two "#rrggbb" colours. */
export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

/** White or near-black, whichever reads better on `colour`. */
const textOn = (colour: string) =>
  contrast(colour, "#ffffff") >= contrast(colour, "#111318") ? "#ffffff" : "#111318";

/**
 * The palette (the theme) whose text contrasts more with a "#rrggbb" background: with one, the
 * checkout shows that theme whatever the `theme` setting says.
 */
export const paletteFor = (background: string): "light" | "dark" =>
  contrast(background, PALETTE["--text"][1]) > contrast(background, PALETTE["--text"][0])
    ? "dark"
    : "light";

/**
 * The CSS the appearance settings amount to, as properties the checkout sets once on its root
 * (through CSSOM, so the frame's strict CSP allows it): custom properties the stylesheet reads,
 * and the root's `color-scheme`. Computed here, on the checkout origin, so the app only copies
 * them. Readable by construction:
 * - the accent's text is white or near-black, whichever contrasts more;
 * - with a hex background the theme is `paletteFor` it; a colour of that palette below 4.5:1
 *   on it is replaced (text by white or black, the others by the text colour);
 * - `transparent` lets the page show through: the root's scheme stays `light`, as a frame whose
 *   scheme differs from its element's in the page gets an opaque backdrop, while the content
 *   keeps the theme's palette (the stylesheet resolves it from `data-theme`, and the body's
 *   own `color-scheme` follows `--scheme`);
 * - high contrast draws secondary text and borders in the text colour.
 */
export function appearanceStyle(appearance: Appearance): Record<string, string> {
  const style: Record<string, string> = {};
  const { accent, background } = appearance;
  if (accent) {
    style["--accent"] = accent;
    style["--accent-text"] = textOn(accent);
  }
  if (background === "transparent") {
    style["--bg"] = "transparent";
    style["color-scheme"] = "light";
  } else if (background) {
    const dark = paletteFor(background) === "dark";
    style["--bg"] = background;
    for (const [name, pair] of Object.entries(PALETTE)) {
      if (contrast(background, pair[+dark]!) >= 4.5) continue;
      // Black or white reach 4.5:1 on any colour; the other colours then take the text's.
      style[name] = name === "--text" ? (dark ? "#ffffff" : "#000000") : "var(--text)";
    }
  }
  if (appearance.highContrast) {
    style["--muted"] = "var(--text)";
    style["--border"] = "var(--text)";
  }
  if (appearance.radius !== null) style["--radius"] = `${appearance.radius}px`;
  if (appearance.font !== "system") style["--font"] = FONT_STACKS[appearance.font];
  return style;
}

/** Relative luminance of "#rrggbb" / "#rgb" (WCAG 2). */
function luminance(hex: string): number {
  const digits = hex.slice(1);
  const full = digits.length === 3 ? digits.replace(/./g, "$&$&") : digits;
  const channel = (i: number) => {
    const c = Number.parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
}

const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

/** White or near-black text, whichever reads better on the accent colour. */
function textOn(accent: string): string {
  const l = luminance(accent);
  return contrast(l, 1) >= contrast(l, luminance("#111318")) ? "#ffffff" : "#111318";
}

/** Applies the seller's accent through CSS variables (CSSOM, so a strict CSP allows it). */
export function applyAccent(root: HTMLElement, accent: string | null): void {
  if (!accent) return;
  root.style.setProperty("--accent", accent);
  root.style.setProperty("--accent-text", textOn(accent));
}

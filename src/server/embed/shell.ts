import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { countryNames } from "../../countries.ts";
import { type Catalog, type InlineCatalog, resolveCatalog } from "../../locales/index.ts";
import { firstPrices, type PricedPlan } from "../../money.ts";
import type { EmbedConfig } from "../../protocol/index.ts";
import { type DeflatedEnding, deflatedEnding } from "../http/compression.ts";
import { escapeHtml } from "../http/escape-html.ts";

/** The built app's entry: its script and stylesheets, from Vite's manifest. */
export interface AppEntry {
  script: string;
  styles: string[];
  preloads: string[];
  /** The buyer-details chunk (src/checkout/details/), which the app imports when it collects them. */
  details?: string;
}

/** One labelled input of the skeleton; the skeleton mirrors the payment form's layout. */
const SKELETON_FIELD = '<div><div class="sk sk-label"></div><div class="sk sk-input"></div></div>';

/** JSON that is safe inside a `<script>` element (no `</script>` or `<!--` can appear). */
const inlineJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

/** The shell's body: a skeleton of the payment form's layout, the same for every buyer. */
const SKELETON = `<body>
<main id="app" aria-busy="true">
<div class="card skeleton" aria-hidden="true">
<div class="summary"><div class="sk sk-seller"></div><div class="sk sk-title"></div><div class="sk sk-line"></div><div class="sk sk-price"></div></div>
<div class="form">${SKELETON_FIELD}<div><div class="sk sk-label"></div><div class="sk sk-card"></div></div>${SKELETON_FIELD}${SKELETON_FIELD}
<div class="sk sk-link"></div><div class="sk sk-button"></div><div class="sk sk-fine"></div></div>
</div>
</main>
</body>
</html>`;

/**
 * Shell endings (the inlined translations and the skeleton: most of a shell's bytes, the same
 * for every buyer of a language and plan prices), kept compressed by catalogue (its messages),
 * locale, direction and prices, a bounded number for each.
 */
const endings = new WeakMap<object, Map<string, DeflatedEnding>>();
const MAX_ENDINGS_PER_CATALOG = 64;

/** From the inlined translations on: `catalog` with the country names and the plan's prices. */
function shellEnding(catalog: Catalog, plan: PricedPlan | null): DeflatedEnding {
  const prices = plan ? firstPrices(plan, catalog.locale) : {};
  let kept = endings.get(catalog.messages);
  if (!kept) {
    kept = new Map();
    endings.set(catalog.messages, kept);
  }
  const key = `${catalog.locale} ${catalog.dir} ${JSON.stringify(prices)}`;
  let ending = kept.get(key);
  if (!ending) {
    const inline: InlineCatalog = { ...catalog, countries: countryNames(catalog.locale), prices };
    ending = deflatedEnding(`
<script type="application/json" id="i18n">${inlineJson(inline)}</script>
</head>
${SKELETON}`);
    if (kept.size >= MAX_ENDINGS_PER_CATALOG) kept.clear();
    kept.set(key, ending);
  }
  return ending;
}

/**
 * The iframe's HTML shell. It is rendered with the theme and language already applied (no flash
 * of the wrong theme), the checked embed settings and the buyer's translations inlined as data,
 * with the country names and the plan's prices already in the buyer's format (see
 * `InlineCatalog`), a skeleton of the form's height, the app's hashed assets, and a preload of
 * the plan data so the API round trip overlaps with loading the bundle (and of the
 * buyer-details chunk, when the checkout collects them, so it loads beside the app rather than
 * after it).
 *
 * In two parts: its `start`, up to the settings (this embed's own: its options, the page's
 * origin), and its `ending`, kept compressed for all buyers alike (see `gzipAfter`).
 */
export function shellParts(
  entry: AppEntry,
  config: EmbedConfig,
  catalog = resolveCatalog(null),
  plan: PricedPlan | null = null,
): { start: string; ending: DeflatedEnding } {
  const planUrl = config.planId ? `/api/v1/plans/${config.planId}` : null;
  const start = `<!doctype html>
<html lang="${escapeHtml(catalog.locale)}" dir="${catalog.dir}" data-theme="${config.theme}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Checkout</title>
${entry.styles.map((href) => `<link rel="stylesheet" href="/${escapeHtml(href)}">`).join("\n")}
${planUrl ? `<link rel="preload" as="fetch" href="${planUrl}" crossorigin="anonymous">` : ""}
${[...entry.preloads, ...(config.details && entry.details ? [entry.details] : [])].map((href) => `<link rel="modulepreload" href="/${escapeHtml(href)}">`).join("\n")}
<script type="module" src="/${escapeHtml(entry.script)}"></script>
<script type="application/json" id="config">${inlineJson(config)}</script>`;
  return { start, ending: shellEnding(catalog, plan) };
}

/** The whole shell as text (see `shellParts`). */
export function renderShell(...args: Parameters<typeof shellParts>): string {
  const { start, ending } = shellParts(...args);
  return start + ending.text;
}

/** Reads the entry chunk of the checkout app from Vite's manifest; null before a build. */
export function readAppEntry(checkoutDir: string): AppEntry | null {
  const manifestPath = join(checkoutDir, ".vite", "manifest.json");
  if (!existsSync(manifestPath)) return null;
  type Chunk = {
    file: string;
    css?: string[];
    imports?: string[];
    isEntry?: boolean;
    src?: string;
  };
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Record<string, Chunk>;
  const entry = Object.values(manifest).find((chunk) => chunk.isEntry);
  if (!entry) return null;
  const imports = (entry.imports ?? []).map((key) => manifest[key]).filter(Boolean) as Chunk[];
  return {
    script: entry.file,
    styles: [...(entry.css ?? []), ...imports.flatMap((chunk) => chunk.css ?? [])],
    preloads: imports.map((chunk) => chunk.file),
    details: Object.values(manifest).find((chunk) => chunk.src === "details/index.tsx")?.file,
  };
}

/**
 * The API reference page (`/api/v1/docs`): the OpenAPI document rendered to HTML on the server,
 * so the page runs no script and its policy allows nothing but its own inline style.
 */
import { createHash } from "node:crypto";
import type { JsonSchema } from "@valibot/to-json-schema";
import { escapeHtml } from "../http/escape-html.ts";
import { FAVICON_PATH } from "../http/favicon.ts";
import type { OpenApiDocument } from "./document.ts";

const STYLE = `
:root { color-scheme: light dark; --fg: #1a1a1a; --muted: #5c5c66; --bg: #fff; --line: #e3e3e8;
  --code: #f4f4f7; --accent: #0b57d0; font: 15px/1.5 system-ui, sans-serif; }
@media (prefers-color-scheme: dark) { :root { --fg: #ececf1; --muted: #a4a4b0; --bg: #16161a;
  --line: #2e2e36; --code: #22222a; --accent: #8ab4f8; } }
body { margin: 0 auto; max-width: 60rem; padding: 1.5rem; color: var(--fg); background: var(--bg); }
a { color: var(--accent); }
code { font: 0.9em ui-monospace, monospace; background: var(--code); padding: 0.1em 0.3em; border-radius: 4px; }
section { border-top: 1px solid var(--line); padding: 0.75rem 0; }
h2 { font-size: 1.05rem; margin: 0.25rem 0; overflow-wrap: anywhere; }
.method { display: inline-block; min-width: 3.5rem; font: 600 0.8rem ui-monospace, monospace;
  text-transform: uppercase; color: var(--accent); }
.muted, dd { color: var(--muted); }
ul { margin: 0.25rem 0; padding-left: 1.25rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 0.5rem 0; }
dt { font-weight: 600; }
dd { margin: 0; }
details > summary { cursor: pointer; }
`;

/** The page's Content-Security-Policy: its inline style (by hash) and nothing else. */
export const REFERENCE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash("sha256").update(STYLE).digest("base64")}'`,
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** A schema or, in JSON Schema's shorthand, `true` (anything) or `false` (nothing). */
type Definition = JsonSchema | boolean;

const code = (text: string) => `<code>${escapeHtml(text)}</code>`;

/** A one-line description of a schema's type and constraints. */
function typeOf(schema: Definition): string {
  if (typeof schema !== "object") return "any";
  if (schema.$ref) return code(schema.$ref.split("/").pop() ?? "");
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(" or ");
  if (schema.enum)
    return `one of ${schema.enum.map((value) => code(JSON.stringify(value))).join(", ")}`;
  if (schema.const !== undefined) return code(JSON.stringify(schema.const));
  const parts = [String(schema.type ?? "any")];
  if (schema.type === "array" && schema.items && typeof schema.items === "object") {
    parts[0] = `array of ${typeOf(schema.items as JsonSchema)}`;
  }
  if (schema.minimum !== undefined || schema.maximum !== undefined) {
    parts.push(`${schema.minimum ?? "…"} to ${schema.maximum ?? "…"}`);
  }
  if (schema.maxLength !== undefined) parts.push(`at most ${schema.maxLength} characters`);
  if (schema.pattern) parts.push(`matching ${code(schema.pattern)}`);
  if (schema.format) parts.push(schema.format);
  if (schema.default !== undefined) parts.push(`default ${code(JSON.stringify(schema.default))}`);
  return parts.join(", ");
}

/** An object schema's fields as a nested list (objects inside arrays and unions too). */
function fields(schema: Definition, depth = 0): string {
  if (typeof schema !== "object" || depth > 3) return "";
  const nested = [schema.items, ...(schema.anyOf ?? [])].filter(
    (part): part is JsonSchema => typeof part === "object" && part !== null,
  );
  if (!schema.properties) return nested.map((part) => fields(part, depth)).join("");
  const required = new Set(schema.required ?? []);
  const items = Object.entries(schema.properties).map(
    ([name, property]) =>
      `<li>${code(name)}${required.has(name) ? "" : " <span class=muted>(optional)</span>"}: ${typeOf(
        property,
      )}${fields(property, depth + 1)}</li>`,
  );
  return `<ul>${items.join("")}</ul>`;
}

interface RenderedOperation {
  summary: string;
  security: unknown[];
  parameters: { name: string; in: string; required: boolean; schema: JsonSchema }[];
  requestBody?: { content: { "application/json": { schema: JsonSchema } } };
  responses: Record<
    string,
    { description: string; content: { "application/json": { schema: JsonSchema } } }
  >;
}

function operationHtml(method: string, path: string, operation: RenderedOperation): string {
  const auth =
    operation.security.length === 0
      ? "No key"
      : operation.security.length === 1
        ? "API key required"
        : "API key optional";
  const parameters = operation.parameters.length
    ? `<h3>Parameters</h3><ul>${operation.parameters
        .map(
          (p) =>
            `<li>${code(p.name)} in ${p.in}${p.required ? "" : " (optional)"}: ${typeOf(p.schema)}</li>`,
        )
        .join("")}</ul>`
    : "";
  const body = operation.requestBody
    ? `<h3>Body</h3>${fields(operation.requestBody.content["application/json"].schema)}`
    : "";
  const answers = Object.entries(operation.responses)
    .map(([status, answer]) => {
      const schema = answer.content["application/json"].schema;
      const shape = fields(schema);
      const detail = shape ? `<details><summary>Fields</summary>${shape}</details>` : "";
      return `<dt>${status}</dt><dd>${escapeHtml(answer.description)}${detail}</dd>`;
    })
    .join("");
  return `<section id="${escapeHtml(`${method}-${path}`)}"><h2><span class=method>${method}</span>${code(path)}</h2>
<p>${escapeHtml(operation.summary)} · <span class=muted>${auth}</span></p>${parameters}${body}<h3>Answers</h3><dl>${answers}</dl></section>`;
}

/** The reference page for `document`. */
export function referenceHtml(document: OpenApiDocument): string {
  const sections = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) =>
      operationHtml(method, path, operation as RenderedOperation),
    ),
  );
  const server = document.servers[0]?.url ?? "";
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(document.info.title)}</title><link rel="icon" href="${FAVICON_PATH}" type="image/svg+xml">
<style>${STYLE}</style></head><body>
<h1>${escapeHtml(document.info.title)}</h1>
<p>${escapeHtml(document.info.description)} Every path is under ${code(server)}; errors answer
${code('{"error": {"code", "message", "field"?}}')}. Machine-readable:
<a href="${server}/openapi.json">openapi.json</a> (OpenAPI ${escapeHtml(document.openapi)}).</p>
${sections.join("\n")}
</body></html>`;
}

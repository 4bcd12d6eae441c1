import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, extname, join, relative, sep } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { Context } from "hono";
import { chooseEncoding } from "./compression.ts";
import { errorResponse, HttpError } from "./http-error.ts";

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".html": "text/html; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

const COMPRESSIBLE = /^(text\/|application\/json|image\/svg)/;

/** One file held in memory with its pre-compressed variants. */
interface StaticFile {
  type: string;
  raw: Buffer;
  gzip?: Buffer;
  br?: Buffer;
}

function loadFile(path: string): StaticFile {
  const raw = readFileSync(path);
  const type = TYPES[extname(path)] ?? "application/octet-stream";
  if (!COMPRESSIBLE.test(type) || raw.length < 256) return { type, raw };
  return {
    type,
    raw,
    gzip: gzipSync(raw, { level: 9 }),
    br: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
  };
}

/** Every file under `dir`, keyed by its URL path below it ("main-abc.js", "sub/x.css"). */
export function loadDirectory(dir: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  if (!existsSync(dir)) return files;
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path).split(sep).join("/"), loadFile(path));
    }
  };
  walk(dir);
  return files;
}

/** A Response for `file`, compressed as the client allows. */
export function respondWithFile(
  file: StaticFile,
  acceptEncoding: string | undefined,
  headers: Record<string, string>,
): Response {
  const encoding = file.br && file.gzip ? chooseEncoding(acceptEncoding) : null;
  const body = encoding === "br" ? file.br! : encoding === "gzip" ? file.gzip! : file.raw;
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": file.type,
      "Content-Length": String(body.length),
      "X-Content-Type-Options": "nosniff",
      ...(file.gzip ? { Vary: "Accept-Encoding" } : {}),
      ...(encoding ? { "Content-Encoding": encoding } : {}),
      ...headers,
    },
  });
}

/**
 * A handler serving one file of the build to any origin (CORS, cross-origin resource policy),
 * read once now; 503 `not_built` when the build has not made it yet.
 */
export function serveBuilt(path: string, cacheControl: string): (c: Context) => Response {
  const file = existsSync(path) ? loadFile(path) : null;
  return (c) => {
    if (!file) {
      const name = basename(path);
      return errorResponse(
        c,
        new HttpError(503, "not_built", `${name} is not built. Run \`npm run build\` first.`),
      );
    }
    return respondWithFile(file, c.req.header("accept-encoding"), {
      "Cache-Control": cacheControl,
      "Access-Control-Allow-Origin": "*",
      "Cross-Origin-Resource-Policy": "cross-origin",
    });
  };
}

import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { chooseEncoding, compressAnswer } from "../../../src/server/http/compression.ts";

describe("chooseEncoding", () => {
  it("takes brotli over gzip when a browser accepts both alike", () => {
    expect(chooseEncoding("gzip, deflate, br, zstd")).toBe("br");
    expect(chooseEncoding("*")).toBe("br");
  });

  it("follows the client's q-values, and never sends one it refuses with q=0", () => {
    expect(chooseEncoding("gzip;q=0.9, br;q=0.5")).toBe("gzip");
    expect(chooseEncoding("br;q=0, gzip")).toBe("gzip");
    expect(chooseEncoding("br;q=0, gzip;q=0")).toBeNull();
    expect(chooseEncoding("deflate, identity")).toBeNull();
  });

  it("sends the bytes as they are without Accept-Encoding, or with none of ours offered", () => {
    expect(chooseEncoding(undefined)).toBeNull();
    expect(chooseEncoding("")).toBeNull();
    expect(chooseEncoding("br", ["gzip"])).toBeNull();
    expect(chooseEncoding("gzip, br", ["gzip"])).toBe("gzip");
  });
});

describe("compressAnswer", () => {
  const text = `<!doctype html><p>${"Résumé — 東京 ".repeat(400)}</p>`;

  it("compresses text that decodes back to the same characters", () => {
    const br = Buffer.from(compressAnswer(text, "br"));
    const gzip = Buffer.from(compressAnswer(text, "gzip"));
    expect(brotliDecompressSync(br).toString()).toBe(text);
    expect(gunzipSync(gzip).toString()).toBe(text);
    expect(br.length).toBeLessThan(Buffer.byteLength(text) / 10);
    expect(gzip.length).toBeLessThan(Buffer.byteLength(text) / 10);
  });
});

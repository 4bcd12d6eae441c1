import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { chooseEncoding, deflatedEnding, gzipAfter } from "../../../src/server/http/compression.ts";

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

describe("gzipAfter", () => {
  const ending = deflatedEnding(`<script>${"Résumé — 東京 ".repeat(400)}</script></html>`);

  it("joins a start compressed now to an ending compressed once, as one gzip stream", () => {
    for (const start of ["", "<!doctype html>", `<p>${"ünïcödé 🧾 ".repeat(9000)}</p>`]) {
      const gzip = Buffer.from(gzipAfter(start, ending));
      expect(gunzipSync(gzip).toString()).toBe(start + ending.text);
    }
  });

  it("sends the shared ending compressed as it was made, a tenth of its size", () => {
    const gzip = Buffer.from(gzipAfter("<!doctype html>", ending));
    expect(gzip.includes(ending.deflated)).toBe(true);
    expect(gzip.length).toBeLessThan(ending.bytes.length / 10);
  });
});

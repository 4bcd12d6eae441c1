import { describe, expect, it } from "vitest";
import { idPattern } from "../../src/protocol/index.ts";
import { newId } from "../../src/server/ids.ts";

describe("newId", () => {
  it("is the prefix and 24 base-62 characters, of the shape the API checks", () => {
    const id = newId("pay");
    expect(id).toMatch(/^pay_[0-9A-Za-z]{24}$/);
    expect(id).toMatch(idPattern("pay"));
  });

  it("sorts by the time it was made, whatever its random part", () => {
    const times = [0, 61, 62, 1_000, Date.UTC(2026, 11, 1), Date.UTC(2026, 11, 1) + 1, 62 ** 8 - 1];
    const ids = times.map((ms) => newId("r", ms));
    expect([...ids].sort()).toEqual(ids);
    expect(ids[0]).toMatch(/^r_0{8}/);
    expect(ids.at(-1)).toMatch(/^r_z{8}/);
    // Within one millisecond, only the random part tells ids apart.
    const same = Array.from({ length: 100 }, () => newId("r", 1_000));
    expect(new Set(same.map((id) => id.slice(0, 10))).size).toBe(1);
    expect(new Set(same).size).toBe(100);
  });

  it("never repeats, across many refills of its block of random bytes", () => {
    // 50,000 ids take about 850 KB of random bytes: some 200 refills of the 4 KiB block.
    const ids = new Set(Array.from({ length: 50_000 }, () => newId("r")));
    expect(ids.size).toBe(50_000);
  });

  it("uses every character about equally often (no modulo bias)", () => {
    const counts = new Map<string, number>();
    for (let index = 0; index < 20_000; index++) {
      for (const character of newId("r").slice(2 + 8)) {
        counts.set(character, (counts.get(character) ?? 0) + 1);
      }
    }
    expect(counts.size).toBe(62);
    // 320,000 characters: about 5,161 each. Folding bytes 248–255 in would give the first 8 a
    // quarter more (a chi-square in the thousands); a uniform draw, over 61 degrees of freedom,
    // stays far below 120.
    const expected = (20_000 * 16) / 62;
    const chiSquare = [...counts.values()].reduce(
      (sum, count) => sum + (count - expected) ** 2 / expected,
      0,
    );
    expect(chiSquare).toBeLessThan(120);
  });
});

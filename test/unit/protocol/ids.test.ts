import { describe, expect, it } from "vitest";
import {
  ID_PREFIXES,
  idPattern,
  PLAN_ID,
  RECEIPT_ID,
  SESSION_ID,
} from "../../../src/protocol/ids.ts";

describe("id shapes", () => {
  it("writes out the loader's three shapes exactly as idPattern builds them", () => {
    expect(PLAN_ID.source).toBe(idPattern("plan").source);
    expect(SESSION_ID.source).toBe(idPattern("ch").source);
    expect(RECEIPT_ID.source).toBe(idPattern("r").source);
  });

  it("accepts a prefix, an underscore and 1 to 64 letters or digits, nothing else", () => {
    const plan = idPattern("plan");
    expect(plan.test("plan_A1b2")).toBe(true);
    expect(plan.test(`plan_${"a".repeat(64)}`)).toBe(true);
    expect(plan.test(`plan_${"a".repeat(65)}`)).toBe(false);
    expect(plan.test("plan_")).toBe(false);
    expect(plan.test("plan_a-b")).toBe(false);
    expect(plan.test("prod_a1")).toBe(false);
    expect(plan.test(" plan_a1")).toBe(false);
  });

  it("has one distinct prefix per kind", () => {
    expect(new Set(ID_PREFIXES).size).toBe(ID_PREFIXES.length);
  });
});

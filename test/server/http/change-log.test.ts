import { expect, it } from "vitest";
import { ChangeLog } from "../../../src/server/http/change-log.ts";

it("tells whether a plan, or anything, changed since a count was noted", () => {
  const changes = new ChangeLog();
  const before = changes.now();
  changes.record(["plan_A"]);
  expect(changes.changedSince(before, "plan_A")).toBe(true);
  expect(changes.changedSince(before, "plan_B")).toBe(false);
  expect(changes.changedSince(before, null)).toBe(false);
  const afterA = changes.now();
  expect(changes.changedSince(afterA, "plan_A")).toBe(false);

  // A change of no plan (a quote) changes nothing, but moves the count.
  changes.record([]);
  expect(changes.changedSince(afterA, "plan_A")).toBe(false);
  expect(changes.now()).toBe(afterA + 1);

  // A change of anything: every plan, and what is about no plan.
  const beforeAll = changes.now();
  changes.record();
  for (const plan of ["plan_A", "plan_B", null]) {
    expect(changes.changedSince(beforeAll, plan)).toBe(true);
    expect(changes.changedSince(changes.now(), plan)).toBe(false);
  }
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { headlineLines, withHeadlines } from "../../bench/report.ts";
import { defaultText, VARIABLES } from "../../src/server/config.ts";
import { DEMO } from "../../src/server/seed.ts";

const README = readFileSync("README.md", "utf8");

/** The README's configuration table as config.ts defines it, row for row. */
const expectedTable = () =>
  [
    "| variable | default | meaning |",
    "| --- | --- | --- |",
    ...Object.values(VARIABLES).map(
      (variable) => `| \`${variable.name}\` | \`${defaultText(variable)}\` | ${variable.meaning} |`,
    ),
  ].join("\n");

describe("README", () => {
  it("lists every environment variable of config.ts with its default and meaning", () => {
    const table = /<!-- config-table:start -->\n([\s\S]*?)\n<!-- config-table:end -->/.exec(
      README,
    )?.[1];
    expect(table, "README.md needs the table between its config-table markers").toBe(
      expectedTable(),
    );
  });

  it("quotes the headline figures of docs/benchmarks.json as the bench report words them", () => {
    const results = JSON.parse(readFileSync("docs/benchmarks.json", "utf8"));
    expect(README).toContain("<!-- bench-headlines:start -->");
    // What `npm run bench` would write into the README from the figures it last stored.
    expect(README).toBe(withHeadlines(README, headlineLines(results)));
  });

  it("names only ids the demo seed really has", () => {
    const named = README.match(/\b(?:biz|prod|plan|ch)_[A-Za-z0-9]{8,}\b/g) ?? [];
    expect(named.length).toBeGreaterThan(3);
    const seeded: string[] = Object.values(DEMO);
    for (const id of named) expect(seeded, id).toContain(id);
  });
});

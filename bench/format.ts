// What every section of the report formats its figures with.
import type { Summary } from "./stats.ts";

/** A section that could not be measured, and why. */
export interface SectionFailure {
  error: string;
}

export const failed = (section: object): section is SectionFailure => "error" in section;
export const notMeasured = (title: string, { error }: SectionFailure) =>
  `${title}\n\n**Not measured in this run:** ${error}`;

export const number = (value: number, digits: number) =>
  Number.isFinite(value)
    ? value.toLocaleString("en-US", {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      })
    : "n/a";
export const ms = (value: number) => (value < 10 ? number(value, 1) : number(value, 0));
export const bytes = (value: number) => number(value, 0);
export const ratio = (value: number) => `${number(value, 2)}×`;

/** "median (min–max)" with `format` applied to each figure. */
export const range = (summary: Summary, format: (value: number) => string) =>
  Number.isFinite(summary.median)
    ? `${format(summary.median)} (${format(summary.min)}–${format(summary.max)})`
    : "failed";

export const table = (header: string[], rows: string[][]) =>
  [
    `| ${header.join(" | ")} |`,
    `| ${header.map((_, index) => (index === 0 ? "---" : "--:")).join(" | ")} |`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ].join("\n");

// Keeps the module graph the shape the README's architecture describes:
//   - no import cycles among the project's own modules;
//   - shared modules (src/protocol, src/settings.ts, src/card.ts, src/money.ts, src/address.ts,
//     src/countries.ts, src/locales) never import a runtime (loader/, src/checkout/, src/server/, integrations/, demo/).
// It reads `import … from "./x.ts"` and `export … from` specifiers; type-only imports count
// too, since a cycle of types still couples two modules.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const ROOTS = ["loader", "src", "integrations", "demo/server"];
const SHARED = [
  "src/protocol/",
  "src/settings.ts",
  "src/card.ts",
  "src/money.ts",
  "src/address.ts",
  "src/countries.ts",
  "src/locales/",
];
const RUNTIMES = ["loader/", "src/checkout/", "src/server/", "integrations/", "demo/"];

const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (/\.tsx?$/.test(name)) files.push(path);
  }
};
for (const root of ROOTS) walk(root);

const SPECIFIER = /(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s+"(\.{1,2}\/[^"]+)"/g;
const graph = new Map(
  files.map((file) => {
    const source = readFileSync(file, "utf8");
    const targets = [...source.matchAll(SPECIFIER)]
      .map((match) => relative(".", resolve(dirname(file), match[1])))
      .filter((target) => /\.tsx?$/.test(target));
    return [file, targets];
  }),
);

const problems = [];
for (const [file, targets] of graph) {
  if (!SHARED.some((prefix) => file.startsWith(prefix))) continue;
  for (const target of targets) {
    if (RUNTIMES.some((prefix) => target.startsWith(prefix))) {
      problems.push(`${file} imports ${target}: a shared module must not depend on a runtime.`);
    }
  }
}

// Depth-first search with colours; each cycle is reported once, from its first module.
const state = new Map();
const stack = [];
const visit = (file) => {
  state.set(file, "open");
  stack.push(file);
  for (const target of graph.get(file) ?? []) {
    if (state.get(target) === "open") {
      const cycle = stack.slice(stack.indexOf(target));
      problems.push(`import cycle: ${[...cycle, target].join(" → ")}`);
    } else if (!state.has(target)) visit(target);
  }
  stack.pop();
  state.set(file, "done");
};
for (const file of graph.keys()) if (!state.has(file)) visit(file);

if (problems.length) {
  for (const problem of problems) console.error(problem);
  process.exit(1);
}
console.log(`ok   imports: ${graph.size} modules, no cycles, shared modules import no runtime`);

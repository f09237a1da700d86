// Reads a checklist's form fields with pdf.js (the PDF engine of Firefox and of many web apps)
// and checks that it sees what stepbook wrote: text fields and step checkboxes, with their
// values. Usage: node tests/pdfjs_fields.mjs PDFJS_DIR FILE.pdf [field=value ...]
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [pdfjsDir, file, ...expected] = process.argv.slice(2);
const { getDocument } = await import(
  pathToFileURL(`${pdfjsDir}/node_modules/pdfjs-dist/legacy/build/pdf.mjs`).href
);
const doc = await getDocument({ data: new Uint8Array(readFileSync(file)), verbosity: 0 }).promise;
const fields = (await doc.getFieldObjects()) ?? {};
const counts = { text: 0, checkbox: 0 };
const values = {};
for (const [name, widgets] of Object.entries(fields)) {
  for (const widget of widgets) {
    counts[widget.type] = (counts[widget.type] ?? 0) + 1;
    values[name] = widget.value;
  }
}
const problems = [];
if (counts.text === 0) problems.push("no text field");
if (counts.checkbox === 0) problems.push("no checkbox");
for (const pair of expected) {
  const [name, value] = pair.split(/=(.*)/s);
  if (values[name] !== value) problems.push(`${name} is ${JSON.stringify(values[name])}, expected ${JSON.stringify(value)}`);
}
if (problems.length) {
  console.error(`pdf.js: ${file}: ${problems.join("; ")}`);
  process.exit(1);
}
console.log(`pdf.js: ${file}: ${doc.numPages} page(s), ${counts.text} text fields, ${counts.checkbox} checkboxes`);

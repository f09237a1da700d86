// Reads a checklist's form fields with pdf.js (the PDF engine of Firefox and of many web apps)
// and checks that it sees what stepbook wrote: text fields, step checkboxes and the radio
// buttons of choices, with their values. Usage:
//   node tests/pdfjs_fields.mjs PDFJS_DIR FILE.pdf [field=value ...] [#kind=count ...]
// `#radiobutton=2` expects exactly two radio buttons (kinds: text, checkbox, radiobutton).
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [pdfjsDir, file, ...expected] = process.argv.slice(2);
const { getDocument } = await import(
  pathToFileURL(`${pdfjsDir}/node_modules/pdfjs-dist/legacy/build/pdf.mjs`).href
);
const doc = await getDocument({ data: new Uint8Array(readFileSync(file)), verbosity: 0 }).promise;
const fields = (await doc.getFieldObjects()) ?? {};
const counts = { text: 0, checkbox: 0, radiobutton: 0 };
const values = {};
for (const [name, widgets] of Object.entries(fields)) {
  for (const widget of widgets) {
    // A radio group is one field whose widgets (one per option) all carry the group's value.
    if (!widget.type) continue;
    counts[widget.type] = (counts[widget.type] ?? 0) + 1;
    // A group's value is the option that is on (pypdf also writes /V on each button, /Off on
    // the others).
    if (widget.type !== "radiobutton" || widget.value !== "Off" || !(name in values)) values[name] = widget.value;
  }
}
const problems = [];
if (counts.text === 0) problems.push("no text field");
if (counts.checkbox === 0) problems.push("no checkbox");
for (const pair of expected) {
  const [name, value] = pair.split(/=(.*)/s);
  if (name.startsWith("#")) {
    const kind = name.slice(1);
    if (counts[kind] !== Number(value)) problems.push(`${counts[kind]} ${kind} widgets, expected ${value}`);
    continue;
  }
  if (values[name] !== value) problems.push(`${name} is ${JSON.stringify(values[name])}, expected ${JSON.stringify(value)}`);
}
if (problems.length) {
  console.error(`pdf.js: ${file}: ${problems.join("; ")}`);
  process.exit(1);
}
console.log(`pdf.js: ${file}: ${doc.numPages} page(s), ${counts.text} text fields, ${counts.checkbox} checkboxes, ${counts.radiobutton} radio buttons`);

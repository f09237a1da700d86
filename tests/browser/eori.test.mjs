// The page script's EORI check against the shared test vectors, with the shared rules file:
// the same vectors the Rust unit tests of src/eori.rs run. Node only, no browser, no packages.
//
//   node tests/browser/eori.test.mjs
//
// Also checks the script's mailto: encoding and search matching, which the page relies on.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const repo = new URL('../../', import.meta.url);
const read = (path) => JSON.parse(readFileSync(new URL(path, repo), 'utf8'));
const rules = read('src/model/eori.json');
const vectors = read('tests/eori-vectors.json');
const script = require('../../themes/default/static/stepbook.js');

let count = 0;
for (const { input, normalised } of vectors.valid) {
  assert.deepEqual(script.validateEori(input, rules), { ok: true, value: normalised }, input);
  count += 1;
}
for (const { input, error } of vectors.invalid) {
  const result = script.validateEori(input, rules);
  assert.equal(result.ok, false, input);
  assert.equal(result.code, error, input);
  count += 1;
}
assert.deepEqual(script.validateEori('BE0314595347', rules), { ok: false, code: 'belgian-check', expected: '48' });
assert.equal(script.validateEori('NL12_34', rules).char, '_');

// The same URI as the Rust unit test of src/view/email.rs builds.
assert.equal(
  script.mailto(
    'sante-traces@ec.europa.eu',
    'flegt@environment.belgium.be',
    'role request for a FLEGT timber importer',
    'Françoise\nPeeters & Co',
  ),
  'mailto:sante-traces@ec.europa.eu?cc=flegt@environment.belgium.be&subject=role%20request%20for%20a%20FLEGT%20timber%20importer&body=Fran%C3%A7oise%0D%0APeeters%20%26%20Co',
);
assert.equal(script.mailto('a@b.be', '', "it's (fine)!*", ''), 'mailto:a@b.be?subject=it%27s%20%28fine%29%21%2A');

const entries = [
  { kind: 'step', number: '1.a', title: 'Klik Request Authorisation', text: '' },
  { kind: 'step', number: '1.b', title: 'Één stap', text: 'wachtwoord ingeven' },
];
assert.deepEqual(script.search(entries, 'request auth').map((e) => e.number), ['1.a']);
assert.deepEqual(script.search(entries, 'EEN wacht').map((e) => e.number), ['1.b']);
assert.deepEqual(script.search(entries, 'authorisation zzz'), []);

console.log(`ok - ${count} EORI vectors, mailto: encoding and search matching agree`);

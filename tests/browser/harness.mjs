// What every browser script of tests/browser shares: the TAP-like `check` that counts failures
// instead of stopping at the first, axe-core's WCAG 2.1 AA run, the Chromium launch, and the
// exit code that tells `cargo test` (tests/suite/browser.rs, serve.rs) whether all passed.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

let failures = 0;

/** Runs one named check: prints `ok - name`, or `not ok - name` with the error, and counts it. */
export async function check(name, body) {
  try {
    await body();
    console.log(`ok - ${name}`);
  } catch (error) {
    failures += 1;
    console.log(`not ok - ${name}\n${String(error && error.stack || error).replace(/^/gm, '    ')}`);
  }
}

/**
 * Runs axe-core (WCAG 2 A/AA, 2.1 A/AA and best practices) on the page and fails on any serious
 * or critical violation. `preload: false` skips re-fetching stylesheets, which from file:// is a
 * blocked request rather than a page error.
 */
export async function axe(page, label) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    window.axe.run(document, {
      preload: false,
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    [],
    `axe-core on ${label}`,
  );
  return result;
}

/** Debian's Chromium (or $CHROMIUM), headless, with the flags this machine needs. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    // playwright starts Chromium with a fresh temporary profile (--user-data-dir) of its own.
  });
}

/** Prints the outcome and exits: 0 when every check passed, 1 otherwise. */
export function finish(what) {
  console.log(failures ? `${failures} check(s) failed` : `all ${what} checks passed`);
  process.exit(failures ? 1 : 0);
}

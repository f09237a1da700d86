// The error overlay of `stepbook serve` in Chromium, as an author who is not a programmer meets
// it: the file, line and message in words, the line quoted with the place marked, the link to
// the file at that line, the exact text kept; axe-clean in light and dark.
//
//   node tests/browser/overlay.mjs http://127.0.0.1:PORT/PAGE
//
// PAGE is a page of a running `stepbook serve` whose content has exactly one error: a label
// reference `[[app:sav]]` on line 16 of content/procedures/demo/nl.md (tests/suite/serve.rs
// sets it up). STEPBOOK_SCREENSHOTS=DIR writes screenshots at 1280 and 375 px, light and dark.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { axe, check, finish, launch } from './harness.mjs';

const url = process.argv[2];
if (!url) {
  console.error('usage: node tests/browser/overlay.mjs URL');
  process.exit(2);
}
const shots = process.env.STEPBOOK_SCREENSHOTS;

const browser = await launch();
try {
  for (const colorScheme of ['light', 'dark']) {
    for (const width of [1280, 375]) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(url);
      const label = `${colorScheme}, ${width} px`;
      await check(`${label}: the overlay names the file, line and column, and says what is wrong in words`, async () => {
        const overlay = page.locator('#stepbook-errors');
        assert.ok(await overlay.isVisible(), 'the overlay is shown');
        assert.equal(await overlay.getAttribute('role'), 'alert');
        assert.equal(await page.locator('#stepbook-errors h2').innerText(), 'The content has an error');
        assert.equal(
          await page.locator('.stepbook-where').innerText(),
          'content/procedures/demo/nl.md, line 16, column 11',
        );
        assert.equal(
          await page.locator('.stepbook-what').innerText(),
          'Unknown screen label app:sav; did you mean app:save?',
        );
        assert.deepEqual(await page.locator('.stepbook-what code').allInnerTexts(), ['app:sav', 'app:save']);
        assert.equal(await page.locator('.stepbook-snippet mark').innerText(), '[[app:sav]]');
        // The quoted line fits the screen: nothing scrolls sideways.
        const overflow = await page.evaluate(() =>
          document.getElementById('stepbook-errors').scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `the overlay is ${overflow} px wider than the window`);
      });
      await check(`${label}: the exact text is kept, behind one click`, async () => {
        const exact = page.locator('pre.stepbook-exact');
        assert.equal(await exact.isVisible(), false, 'folded away at first');
        await page.locator('.stepbook-exact-text summary').click();
        assert.ok(await exact.isVisible());
        assert.match(
          await exact.innerText(),
          /^content\/procedures\/demo\/nl\.md:16:11: error: unknown screen label `app:sav`; did you mean `app:save`\?\n/,
        );
      });
      await check(`${label}: axe-core finds no serious or critical violation on the overlay`, async () => {
        await axe(page, `overlay (${label})`);
      });
      if (shots) await page.screenshot({ path: join(shots, `overlay-${colorScheme}-${width}.png`), fullPage: true });
      await check(`${label}: the file's link opens it at the line, marked`, async () => {
        await page.locator('.stepbook-where a').click();
        await page.waitForURL(/\/__stepbook\/source\/0#L16$/);
        const line = page.locator('#L16');
        assert.equal(await line.getAttribute('class'), 'stepbook-here');
        assert.match(await line.innerText(), /^16\s*#### Klik \[\[app:sav\]\] \{#press-save\}/);
        assert.ok(await line.isVisible());
        await axe(page, `source view (${label})`);
      });
      if (shots) await page.screenshot({ path: join(shots, `source-${colorScheme}-${width}.png`) });
      await check(`${label}: no script errors`, async () => assert.deepEqual(errors, []));
      await context.close();
    }
  }
} finally {
  await browser.close();
}
finish('overlay');

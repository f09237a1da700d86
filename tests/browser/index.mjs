// The index's filter and a page's "other procedures" navigation, as a person uses them, from
// file:// (no server, no network): typing, the tag chips with the keyboard, the live count,
// Escape; axe-clean at 1280 and 375 px in light and dark; without JavaScript every card shows.
// On a site of 1 000 procedures the filter is timed in the page and the times printed (no
// assertion on them: this machine is shared).
//
//   node tests/browser/index.mjs SHIPPED_SITE LARGE_SITE
//
// SHIPPED_SITE is the shipped content built with --drafts (two procedures, one category);
// LARGE_SITE is bench/generate.py's 1 000 procedures built (tests/suite/browser.rs).
// STEPBOOK_SCREENSHOTS=DIR writes screenshots.

import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { axe, check, finish, launch } from './harness.mjs';

const [shipped, large] = process.argv.slice(2).map((dir) => dir && resolve(dir));
if (!shipped || !large) {
  console.error('usage: node tests/browser/index.mjs SHIPPED_SITE LARGE_SITE');
  process.exit(2);
}
const shots = process.env.STEPBOOK_SCREENSHOTS;
const url = (site, path) => pathToFileURL(join(site, path)).href;

/** The ids of the cards shown, in order. */
const shown = (page) => page.$$eval('.procedure-card', (cards) =>
  cards.filter((c) => c.offsetParent !== null).map((c) => c.dataset.procedureId));

const browser = await launch();
try {
  for (const colorScheme of ['light', 'dark']) {
    for (const width of [1280, 375]) {
      const label = `${colorScheme}, ${width} px`;
      const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('requestfailed', (request) => errors.push(`failed: ${request.url()}`));
      await page.goto(url(shipped, 'nl/index.html'));
      const count = page.locator('#sb-filter-count');
      const input = page.locator('#sb-filter-input');

      await check(`${label}: the filter shows, with the count of every procedure`, async () => {
        assert.equal(await page.locator('#sb-filter').isVisible(), true);
        assert.equal(await count.innerText(), '2 van 2');
        assert.deepEqual(await shown(page), ['eudr-dds', 'flegt-access']);
      });
      await check(`${label}: typing filters by title, summary and tags, accents and case ignored`, async () => {
        await input.fill('FLEGT-APPLICATIE');
        assert.deepEqual(await shown(page), ['flegt-access']);
        assert.equal(await count.innerText(), '1 van 2');
        assert.equal(await page.locator('.procedure-group-count').innerText(), '(1)', 'the group counts what it shows');
        await input.fill('zorgvuldigheidsverklaring'); // only in the EUDR summary
        assert.deepEqual(await shown(page), ['eudr-dds']);
        await input.fill('geen-procedure-heet-zo');
        assert.deepEqual(await shown(page), []);
        assert.equal(await count.innerText(), '0 van 2');
        assert.equal(await page.locator('#sb-filter-none').isVisible(), true);
        assert.equal(await page.locator('.procedure-group').isVisible(), false, 'an empty group hides');
        await input.press('Escape');
        assert.equal(await input.inputValue(), '');
        assert.deepEqual(await shown(page), ['eudr-dds', 'flegt-access']);
        assert.equal(await page.locator('#sb-filter-none').isVisible(), false);
        assert.equal(await page.locator('.procedure-group-count').innerText(), '(2)');
      });
      await check(`${label}: the tag chips filter, from the keyboard`, async () => {
        await input.focus();
        await page.keyboard.press('Tab'); // EU Login
        await page.keyboard.press('Tab'); // EUDR
        assert.equal(await page.evaluate(() => document.activeElement.dataset.tag), 'EUDR');
        await page.keyboard.press('Space');
        assert.equal(await page.locator('.tag-chip[data-tag="EUDR"]').getAttribute('aria-pressed'), 'true');
        assert.deepEqual(await shown(page), ['eudr-dds']);
        assert.equal(await count.innerText(), '1 van 2');
        await page.keyboard.press('Shift+Tab'); // EU Login: both have it
        await page.keyboard.press('Enter');
        assert.deepEqual(await shown(page), ['eudr-dds']);
        await input.fill('flegt'); // text and tags together: nothing has both
        assert.deepEqual(await shown(page), []);
        await input.fill('');
      });
      await check(`${label}: axe-core finds no serious or critical violation on the index`, async () => {
        await axe(page, `index, ${label}`);
      });
      if (shots) await page.screenshot({ path: join(shots, `index-${colorScheme}-${width}.png`) });
      while (await page.locator('.tag-chip[aria-pressed="true"]').count()) {
        await page.locator('.tag-chip[aria-pressed="true"]').first().click();
      }
      assert.deepEqual(errors, []);

      await page.goto(url(shipped, 'nl/flegt-access/index.html'));
      const details = page.locator('#sb-nav-details');
      await check(`${label}: "other procedures" is open beside the page on wide screens, a closed box on phones`, async () => {
        assert.equal(await details.evaluate((d) => d.open), width >= 992);
        if (width < 992) await page.locator('#sb-nav-details summary').click();
        assert.equal(await details.evaluate((d) => d.open), true);
        assert.deepEqual(
          await page.locator('.other-procedures-list a').allInnerTexts(),
          ['Een due diligence statement indienen in TRACES NT', 'Toegang tot de FLEGT-applicatie in TRACES NT'],
        );
      });
      await check(`${label}: axe-core finds no serious or critical violation on the page with its navigation`, async () => {
        await axe(page, `page, ${label}`);
      });
      if (shots) {
        await page.locator('.other-procedures').scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(shots, `nav-${colorScheme}-${width}.png`) });
      }
      await check(`${label}: its link leads to the other procedure`, async () => {
        await page.locator('.other-procedures-list a:not([aria-current])').click();
        await page.waitForURL(/\/nl\/eudr-dds\/index\.html$/);
      });
      await check(`${label}: printing leaves the navigation out`, async () => {
        await page.emulateMedia({ media: 'print' });
        assert.equal(await page.locator('.other-procedures').isVisible(), false);
        await page.emulateMedia({ media: 'screen' });
      });
      assert.deepEqual(errors, []);
      await context.close();
    }
  }

  await check('without JavaScript the filter stays hidden and every card shows', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(url(shipped, 'nl/index.html'));
    assert.equal(await page.locator('#sb-filter').isVisible(), false);
    assert.deepEqual(await shown(page), ['eudr-dds', 'flegt-access']);
    await context.close();
  });

  // ---------------------------------------------------------------- 1 000 procedures
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const index = join(large, 'nl/index.html');
  await page.goto(url(large, 'nl/index.html'));
  const load = await page.evaluate(() => {
    const [nav] = performance.getEntriesByType('navigation');
    return { domContentLoaded: nav.domContentLoadedEventEnd, load: nav.loadEventEnd };
  });
  await check('1 000 procedures: the count, a text filter and a tag filter give the right cards', async () => {
    assert.equal(await page.locator('#sb-filter-count').innerText(), '1.000 van 1.000');
    await page.locator('#sb-filter-input').fill('procedure 1000:');
    assert.deepEqual(await shown(page), ['procedure-01000']);
    assert.equal(await page.locator('#sb-filter-count').innerText(), '1 van 1.000');
    await page.locator('#sb-filter-input').fill('');
    const withCites = await page.$$eval('.procedure-card', (cards) =>
      cards.filter((c) => [...c.querySelectorAll('.tag')].some((t) => t.textContent === 'CITES')).length);
    assert.ok(withCites > 0 && withCites < 1000, `${withCites} carry CITES`);
    await page.locator('.tag-chip[data-tag="CITES"]').click();
    assert.equal((await shown(page)).length, withCites);
    await page.locator('.tag-chip[data-tag="CITES"]').click();
  });
  await check('1 000 procedures: the filter responds (times printed, not asserted)', async () => {
    // Each keystroke as the reader types it, timed in the page up to the next layout.
    const times = await page.evaluate(() => {
      const input = document.getElementById('sb-filter-input');
      const out = [];
      for (const value of ['c', 'ce', 'cer', 'cert', 'certificaat', '']) {
        const start = performance.now();
        input.value = value;
        input.dispatchEvent(new Event('input'));
        void document.body.offsetHeight; // the layout the reader waits for
        out.push(performance.now() - start);
      }
      return out;
    });
    assert.equal(times.length, 6);
    console.log(`# 1 000 procedures: index ${statSync(index).size} bytes; DOMContentLoaded ${load.domContentLoaded.toFixed(0)} ms, load ${load.load.toFixed(0)} ms (file://)`);
    console.log(`# 1 000 procedures: filter per keystroke ${times.map((t) => t.toFixed(1)).join(', ')} ms`);
  });
  await check('1 000 procedures: axe-core on the index', async () => {
    await axe(page, 'index of 1 000');
  });
  await context.close();
} finally {
  await browser.close();
}
finish('index and navigation');

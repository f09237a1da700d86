// The 404 page as `stepbook serve` shows it at an address with no file, in Chromium: styled (its
// links start from its <base>, whatever the depth of the address), its procedure links lead to
// real pages, axe-clean at 1280 and 375 px, light and dark.
//
//   node tests/browser/notfound.mjs http://127.0.0.1:PORT/
//
// The server serves the minimal fixture project (tests/suite/serve.rs). STEPBOOK_SCREENSHOTS=DIR
// writes screenshots.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { axe, check, finish, launch } from './harness.mjs';

const base = process.argv[2];
if (!base) {
  console.error('usage: node tests/browser/notfound.mjs BASE_URL');
  process.exit(2);
}
const shots = process.env.STEPBOOK_SCREENSHOTS;

const browser = await launch();
try {
  for (const colorScheme of ['light', 'dark']) {
    for (const width of [1280, 375]) {
      const label = `${colorScheme}, ${width} px`;
      const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
      const page = await context.newPage();
      const failed = [];
      page.on('requestfailed', (request) => failed.push(request.url()));
      page.on('pageerror', (error) => failed.push(error.message));
      page.on('response', (response) => {
        // The page itself is a 404; anything it loads must be found.
        if (response.status() >= 400 && !response.url().includes('/no/such/')) failed.push(`${response.status()} ${response.url()}`);
      });
      const response = await page.goto(`${base}nl/no/such/page.html`);
      await check(`${label}: a missing address shows the site's 404 page, styled, with status 404`, async () => {
        assert.equal(response.status(), 404);
        assert.equal(await page.locator('h1').innerText(), 'Pagina niet gevonden');
        // The stylesheet applied: the site header has the theme's colours, not the browser's.
        const header = await page.locator('.site-header').evaluate((e) => getComputedStyle(e).backgroundColor);
        assert.notEqual(header, 'rgba(0, 0, 0, 0)', 'the header is styled');
        assert.deepEqual(failed, []);
      });
      await check(`${label}: axe-core finds no serious or critical violation`, async () => {
        await axe(page, label);
      });
      if (shots) await page.screenshot({ path: join(shots, `404-${colorScheme}-${width}.png`), fullPage: true });
      await check(`${label}: its procedure link leads to the procedure`, async () => {
        await page.locator('.not-found-list a').first().click();
        await page.waitForURL(/\/nl\/demo\/index\.html$/);
        assert.equal(await page.locator('h1').innerText(), 'Demo-procedure');
      });
      await context.close();
    }
  }
} finally {
  await browser.close();
}
finish('404');

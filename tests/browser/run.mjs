// Browser tests of a built stepbook site, as a person would use the procedure page: Debian's
// Chromium driven by playwright-core (no browser download), accessibility checked by axe-core.
//
//   node tests/browser/run.mjs SITE_DIR
//
// SITE_DIR is a site built from the shipped content (`stepbook build --out SITE_DIR`). The site
// is served on 127.0.0.1 by a small static server in this file (test scaffolding) and also
// opened straight from disk (file://). CHROMIUM overrides /usr/bin/chromium; with
// STEPBOOK_SCREENSHOTS=DIR the script also writes phone, desktop and print screenshots there.
// Run by `cargo test` (tests/suite/browser.rs). Exit code 0 when every check passed.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { axe, check, finish, launch } from './harness.mjs';

const site = resolve(process.argv[2] || '');
if (!process.argv[2] || !existsSync(join(site, 'index.html'))) {
  console.error('usage: node tests/browser/run.mjs SITE_DIR (a built site)');
  process.exit(2);
}
const shots = process.env.STEPBOOK_SCREENSHOTS;
const PAGE = 'nl/flegt-access/index.html';
const INDEX = 'nl/index.html';
// A word that occurs in the words of a single step (checked on the page below).
const UNIQUE_WORD = 'koppeling';
const UNIQUE_STEP = 'select-timber-section';
// Longer than the company input is wide: it must print in full.
const LONG_COMPANY = 'Houthandel De Eik – Antwerpen, afdeling invoer van tropisch hardhout NV';
const PERSON = {
  'first-name': 'Françoise',
  'last-name': 'Peeters',
  'company-name': 'Brasserie Éclair – Gent',
  email: 'francoise.peeters@example.be',
};

// ------------------------------------------------------------------ static server

const types = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.pdf': 'application/pdf',
};

function serve(root) {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    const file = resolve(join(root, path.endsWith('/') ? path + 'index.html' : path));
    if (!(file + sep).startsWith(root + sep) && file !== root) {
      response.writeHead(403).end();
      return;
    }
    if (!existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': types[extname(file)] || 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

// ------------------------------------------------------------------ harness


/** A fresh browser context whose page records console errors, page errors and failed loads. */
async function open(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (message) => {
    if (message.type() === 'error') page.problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => page.problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => page.problems.push(`failed: ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) page.problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return { context, page };
}

function noProblems(page) {
  assert.deepEqual(page.problems, [], 'console errors, page errors or failed requests');
}


/** The text of a PDF (poppler's pdftotext), runs of white space as one space. */
function pdfText(file) {
  const run = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  assert.equal(run.status, 0, `pdftotext: ${run.error || run.stderr}`);
  return run.stdout.replace(/\s+/g, ' ');
}

/** The subject and body of a mailto: URI, decoded. */
function decodeMailto(href) {
  assert.ok(href.startsWith('mailto:'), href);
  const query = href.slice(href.indexOf('?') + 1);
  const fields = {};
  for (const pair of query.split('&')) {
    const [name, value] = pair.split('=');
    fields[name] = decodeURIComponent(value);
  }
  fields.to = decodeURIComponent(href.slice('mailto:'.length, href.indexOf('?')));
  return fields;
}

async function progress(page) {
  return page.$eval('#sb-progress', (panel) => ({
    done: Number(panel.dataset.done),
    total: Number(panel.dataset.total),
    text: panel.querySelector('.progress-text').textContent,
  }));
}

/** The number of steps the page's header states ("Stappen 27"). */
async function stepCountShown(page) {
  return Number(await page.$$eval('.procedure-header .meta div', (rows) => rows
    .find((row) => row.querySelector('dt').textContent.trim() === 'Stappen')
    .querySelector('dd').textContent));
}

async function tick(page, id) {
  await page.check(`#sb-done-${id}`);
}

async function ticked(page) {
  return page.$$eval('.step-check:checked', (boxes) => boxes.map((b) => b.closest('li.step').id));
}

/** A command's result; fails the check if it exits non-zero. */
function run(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(result.status, 0, `${command} ${args.join(' ')}: ${result.error || ''}${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** Form fields' values as pypdf reads them (`/V`, names as `/Yes`). */
function pypdfValues(file) {
  const script = 'import json, sys\nfrom pypdf import PdfReader\n' +
    'fields = PdfReader(sys.argv[1]).get_fields() or {}\n' +
    'print(json.dumps({k: str(v.get("/V")) for k, v in fields.items()}))';
  return JSON.parse(run('python3', ['-c', script, file]));
}

/** The dark pixels of pages 1–2 as poppler draws them (appearance streams, no regeneration). */
function darkPixels(file) {
  const prefix = join(mkdtempSync(join(tmpdir(), 'sb-render-')), 'page');
  run('pdftoppm', ['-gray', '-r', '50', '-f', '1', '-l', '2', file, prefix]);
  let dark = 0;
  for (const name of readdirSync(join(prefix, '..'))) {
    const pgm = readFileSync(join(prefix, '..', name));
    // Binary PGM: "P5\n<w> <h>\n255\n" then one byte per pixel.
    let at = 0;
    for (let lines = 0; lines < 3; at++) if (pgm[at] === 10) lines++;
    for (let i = at; i < pgm.length; i++) if (pgm[i] < 128) dark++;
  }
  return dark;
}

// ------------------------------------------------------------------ the checks

/** Everything a person does with the procedure page, at `base` (http://… or file://…). */
async function procedurePage(browser, base, label) {
  const url = new URL(PAGE, base).href;
  const { context, page } = await open(browser);
  if (base.startsWith('http')) {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(base).origin });
  }
  await page.goto(url);

  await check(`${label}: the script's mailto: equals the one built by Rust until data is entered`, async () => {
    const html = readFileSync(join(site, PAGE), 'utf8');
    const built = html.match(/<a class="button" href="(mailto:[^"]+)"/)[1].replace(/&amp;/g, '&');
    assert.equal(await page.getAttribute('.email-actions a[href^="mailto:"]', 'href'), built);
  });

  await check(`${label}: the details carry their autofill tokens (WCAG 1.3.5), the EORI number none`, async () => {
    const tokens = await page.$$eval('#sb-fields input', (inputs) =>
      Object.fromEntries(inputs.map((i) => [i.name, i.autocomplete])));
    assert.deepEqual(tokens, {
      'first-name': 'given-name',
      'last-name': 'family-name',
      'company-name': 'organization',
      eori: '',
      email: 'email',
    });
  });

  await check(`${label}: the form is kept after a reload`, async () => {
    for (const [id, value] of Object.entries(PERSON)) await page.fill(`#sb-field-${id}`, value);
    await page.fill('#sb-field-eori', 'be 0314.595.348');
    await page.press('#sb-field-eori', 'Tab');
    assert.equal(await page.inputValue('#sb-field-eori'), 'BE0314595348', 'normalised on leaving the field');
    await page.reload();
    for (const [id, value] of Object.entries(PERSON)) {
      assert.equal(await page.inputValue(`#sb-field-${id}`), value, id);
    }
    assert.equal(await page.inputValue('#sb-field-eori'), 'BE0314595348');
  });

  await check(`${label}: a wrong EORI number shows an accessible message, a right one removes it`, async () => {
    const error = '#sb-field-eori-error';
    const described = await page.getAttribute('#sb-field-eori', 'aria-describedby');
    assert.ok(described.split(' ').includes('sb-field-eori-error'), described);
    assert.equal(await page.getAttribute(error, 'aria-live'), 'polite');
    assert.equal(await page.isVisible(error), false);
    await page.fill('#sb-field-eori', 'BE0431150351');
    await page.waitForSelector(`${error}:not(:empty)`, { state: 'visible' });
    assert.match(await page.textContent(error), /ondernemingsnummer/);
    assert.equal(await page.getAttribute('#sb-field-eori', 'aria-invalid'), 'true');
    await page.fill('#sb-field-eori', 'BE2314595348');
    await page.waitForFunction(() => /0 of 1/.test(document.querySelector('#sb-field-eori-error').textContent));
    await page.fill('#sb-field-eori', 'BE0428759497');
    await page.waitForSelector(error, { state: 'hidden' });
    assert.equal(await page.textContent(error), '');
    assert.equal(await page.getAttribute('#sb-field-eori', 'aria-invalid'), null);
    await page.fill('#sb-field-eori', 'NL123456789B01');
    await page.press('#sb-field-eori', 'Tab');
    assert.equal(await page.isVisible(error), false);
    await page.fill('#sb-field-eori', 'BE0314595348');
  });

  await check(`${label}: the e-mail shows the data and its mailto: carries it, "Françoise Peeters" intact`, async () => {
    const placeholders = await page.$$eval('.email .placeholder', (spans) => spans.map((s) => s.textContent));
    for (const value of Object.values(PERSON)) assert.ok(placeholders.includes(value), `${value} in ${placeholders}`);
    const mail = decodeMailto(await page.getAttribute('.email-actions a[href^="mailto:"]', 'href'));
    assert.equal(mail.to, 'sante-traces@ec.europa.eu');
    assert.equal(mail.cc, 'flegt@environment.belgium.be');
    assert.equal(mail.subject, 'role request for a FLEGT timber importer');
    assert.equal(mail.body, 'Françoise\r\nPeeters\r\nBrasserie Éclair – Gent');
    assert.ok(`${mail.body.split('\r\n')[0]} ${mail.body.split('\r\n')[1]}` === 'Françoise Peeters');
  });

  if (base.startsWith('http')) {
    await check(`${label}: the copy button puts the filled-in e-mail on the clipboard`, async () => {
      await page.click('.email-copy');
      await page.waitForSelector('.email-copy-status:not(:empty)');
      const text = await page.evaluate(() => navigator.clipboard.readText());
      assert.match(text, /sante-traces@ec\.europa\.eu/);
      assert.match(text, /Cc: flegt@environment\.belgium\.be/);
      assert.match(text, /role request for a FLEGT timber importer/);
      assert.match(text, /Françoise\nPeeters\nBrasserie Éclair – Gent/);
    });
  }

  const steps = await page.$$eval('li.step', (items) => items.map((i) => i.id));
  const stepCount = await stepCountShown(page);

  await check(`${label}: every step has a checkbox; ticks and progress are kept after a reload`, async () => {
    assert.equal(steps.length, stepCount);
    assert.equal(await page.$$eval('li.step > .step-head > input.step-check', (b) => b.length), stepCount);
    assert.deepEqual(await progress(page), { done: 0, total: stepCount, text: `0 van ${stepCount} stappen gedaan` });
    await tick(page, steps[0]);
    await tick(page, steps[1]);
    // Keyboard: focus the third checkbox with Tab from the second, tick it with Space.
    await page.focus(`#sb-done-${steps[1]}`);
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), `sb-done-${steps[2]}`);
    assert.notEqual(await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle), 'none',
      'visible focus');
    await page.keyboard.press('Space');
    assert.equal((await progress(page)).text, `3 van ${stepCount} stappen gedaan`);
    await page.reload();
    assert.deepEqual(await ticked(page), steps.slice(0, 3));
    assert.deepEqual(await progress(page), { done: 3, total: stepCount, text: `3 van ${stepCount} stappen gedaan` });
    const tocDone = await page.$$eval('.toc a.toc-done', (links) => links.map((a) => a.getAttribute('href')));
    assert.deepEqual(tocDone, steps.slice(0, 3).map((id) => `#${id}`), 'the contents list shows the ticks');
    const described = await page.getAttribute(`#sb-done-${steps[0]}`, 'aria-describedby');
    assert.match(await page.textContent(`#${described}`), /\S/, 'the checkbox is described by its step title');
  });

  await check(`${label}: a second tab of the page follows the first one's ticks and data`, async () => {
    const other = await context.newPage();
    await other.goto(url);
    assert.deepEqual(await ticked(other), steps.slice(0, 3));
    await tick(page, steps[3]);
    await other.waitForFunction((id) => document.querySelector(`#sb-done-${id}`).checked, steps[3]);
    await other.uncheck(`#sb-done-${steps[3]}`);
    await page.waitForFunction((id) => !document.querySelector(`#sb-done-${id}`).checked, steps[3]);
    await page.fill('#sb-field-company-name', 'Eclair NV');
    await other.waitForFunction(() => document.querySelector('#sb-field-company-name').value === 'Eclair NV');
    await page.fill('#sb-field-company-name', PERSON['company-name']);
    assert.deepEqual(await ticked(page), steps.slice(0, 3));
    await other.close();
  });

  await check(`${label}: once an option is chosen, only its branch counts`, async () => {
    const other = await page.$$eval('#company-does-not-exist li.step', (items) => items.map((i) => i.id));
    assert.ok(other.length > 0);
    await tick(page, other[0]);
    assert.equal((await progress(page)).done, 4);
    await page.check('input[type="radio"][value="company-exists"]');
    assert.deepEqual(await progress(page), {
      done: 3,
      total: stepCount - other.length,
      text: `3 van ${stepCount - other.length} stappen gedaan`,
    });
    assert.ok(await page.$eval('#company-does-not-exist', (o) => o.classList.contains('option-not-chosen')));
    assert.equal(await page.textContent('#sb-step-count'),
      `${stepCount - other.length} voor uw situatie (${stepCount} in totaal)`,
      'the header counts the steps as the bar does');
    await page.reload();
    assert.equal(await page.isChecked('input[type="radio"][value="company-exists"]'), true);
    assert.equal((await progress(page)).total, stepCount - other.length);
    await page.check('input[type="radio"][value="company-does-not-exist"]');
    const mine = await page.$$eval('#company-exists li.step', (items) => items.length);
    assert.deepEqual(await progress(page), {
      done: 4,
      total: stepCount - mine,
      text: `4 van ${stepCount - mine} stappen gedaan`,
    });
  });

  await check(`${label}: "download my checklist" gives the build's PDF with what was typed, ticked and chosen`, async () => {
    const long = 'Houthandel De Eik – Antwerpen NV (Zeebrugge depot), afdeling Import en Verwerking van Tropisch Hardhout';
    await page.fill('#sb-field-company-name', long);
    await page.fill('#sb-field-eori', 'be 0314.595.348');
    await page.press('#sb-field-eori', 'Tab');
    const done = await ticked(page);
    assert.ok(done.length >= 3, `${done.length} steps ticked`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('#sb-download-filled'),
    ]);
    assert.equal(download.suggestedFilename(), 'flegt-access-nl-filled.pdf');
    const file = join(mkdtempSync(join(tmpdir(), 'sb-download-')), 'filled.pdf');
    await download.saveAs(file);
    const blank = join(site, 'nl/flegt-access/flegt-access-nl.pdf');
    const original = readFileSync(blank);
    const filled = readFileSync(file);
    assert.ok(filled.length > original.length, 'an update is appended');
    assert.ok(filled.subarray(0, original.length).equals(original), "the build's bytes are kept as they are");
    assert.match(run('qpdf', ['--check', file]), /No syntax or stream encoding errors/);
    const values = pypdfValues(file);
    assert.equal(values['company-name'], long);
    assert.equal(values.eori, 'BE0314595348', 'the EORI as the page normalises it');
    for (const [id, value] of Object.entries(PERSON)) {
      if (id !== 'company-name') assert.equal(values[id], value, id);
    }
    for (const id of done) assert.equal(values[id], '/Yes', `step ${id} is ticked`);
    assert.equal(values['choice:click-operator'], '/company-does-not-exist', 'the chosen option');
    const unticked = Object.entries(values).filter(([id, v]) => !id.includes(':') && v === '/Yes' && !done.includes(id));
    assert.deepEqual(unticked, [], 'only the ticked steps are ticked');
    assert.ok(darkPixels(file) > darkPixels(blank) + 500, 'poppler draws the values without regenerating them');
    assert.match(await page.textContent('.download-status'), /gedownload/);
  });

  if (shots) {
    await page.click('#sb-done-click-operator');
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(shots, `readme-${label}.png`) });
    await page.screenshot({ path: join(shots, `desktop-${label}.png`), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: join(shots, `print-${label}.png`), fullPage: true });
    await page.pdf({ path: join(shots, `print-${label}.pdf`), format: 'A4' });
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(shots, `phone-${label}.png`), fullPage: true });
    await page.screenshot({ path: join(shots, `phone-top-${label}.png`) });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.click('#sb-done-click-operator');
  }

  await check(`${label}: the page prints the ticks and the entered data`, async () => {
    await page.emulateMedia({ media: 'print' });
    const printed = await page.evaluate(() => {
      const number = document.querySelector('li.step.step-done > .step-head > .step-number');
      return {
        tick: getComputedStyle(number, '::before').content,
        fieldShown: getComputedStyle(document.querySelector('#sb-fields')).display !== 'none',
        // A filled-in input gives way to its printable copy, which wraps.
        inputShown: getComputedStyle(document.querySelector('#sb-field-first-name')).display !== 'none',
        copy: (() => {
          const copy = document.querySelector('#sb-field-first-name + .field-print-value');
          return copy && getComputedStyle(copy).display !== 'none' ? copy.textContent : null;
        })(),
        progress: getComputedStyle(document.querySelector('.progress-text')).display,
        controls: getComputedStyle(document.querySelector('#sb-reset')).display,
      };
    });
    await page.emulateMedia({ media: 'screen' });
    assert.equal(printed.tick, '"✓"');
    assert.ok(printed.fieldShown);
    assert.equal(printed.inputShown, false);
    assert.equal(printed.copy, PERSON['first-name']);
    assert.notEqual(printed.progress, 'none');
    assert.equal(printed.controls, 'none');
  });

  await check(`${label}: printed to PDF, a long typed value is there in full, in the fields' box`, async () => {
    await page.fill('#sb-field-company-name', LONG_COMPANY);
    const dir = mkdtempSync(join(tmpdir(), 'stepbook-print-'));
    const pdf = join(dir, 'page.pdf');
    try {
      // page.pdf() prints with the media emulated last: print, as Ctrl+P does.
      await page.emulateMedia({ media: 'print' });
      await page.pdf({ path: pdf, format: 'A4' });
      await page.emulateMedia({ media: 'screen' });
      const text = pdfText(pdf);
      // The fields' box: from its title to the first section's title.
      const start = text.indexOf('Houd deze gegevens bij de hand');
      const end = text.indexOf('1. Een EU Login-account aanmaken');
      assert.ok(start >= 0 && end > start, text.slice(0, 2000));
      const box = text.slice(start, end);
      // In full, wrapped where it must be (so compared without the white space).
      const bare = (text) => text.replace(/ /g, '');
      for (const value of [LONG_COMPANY, PERSON['first-name'], PERSON['last-name'], PERSON.email]) {
        assert.ok(bare(box).includes(bare(value)), `"${value}" in full in the printed fields:\n${box}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await page.fill('#sb-field-company-name', PERSON['company-name']);
    }
  });

  await check(`${label}: axe-core finds no serious or critical violation (filled in, error shown)`, async () => {
    await page.fill('#sb-field-eori', 'BE0431150351');
    await page.press('#sb-field-eori', 'Tab');
    await axe(page, url);
    await page.fill('#sb-field-eori', 'BE0314595348');
  });

  await check(`${label}: reset unticks every step and forgets the choice`, async () => {
    await page.click('#sb-reset');
    assert.deepEqual(await ticked(page), []);
    assert.equal(await page.$$eval('input[type="radio"]:checked', (r) => r.length), 0);
    const after = await progress(page);
    assert.equal(after.done, 0);
    assert.equal(after.total, stepCount);
    assert.match(after.text, new RegExp(`0 van ${stepCount} stappen gedaan$`));
    assert.equal(await page.textContent('#sb-step-count'), String(stepCount));
    await page.reload();
    assert.deepEqual(await ticked(page), []);
    assert.equal(await page.inputValue('#sb-field-first-name'), PERSON['first-name'], 'reset keeps the form');
  });

  await check(`${label}: "forget my data" empties the form, the ticks and the browser's storage`, async () => {
    await tick(page, steps[0]);
    await page.click('#sb-forget');
    await page.waitForSelector('#sb-forget-status:not(:empty)');
    for (const id of Object.keys(PERSON)) assert.equal(await page.inputValue(`#sb-field-${id}`), '', id);
    assert.deepEqual(await ticked(page), []);
    const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('stepbook:')));
    assert.deepEqual(kept, []);
    await page.reload();
    assert.equal(await page.inputValue('#sb-field-first-name'), '');
    assert.deepEqual(await ticked(page), []);
    const mail = decodeMailto(await page.getAttribute('.email-actions a[href^="mailto:"]', 'href'));
    assert.equal(mail.body, '[Voornaam]\r\n[Achternaam]\r\n[Bedrijf]');
  });

  await check(`${label}: no console error on the procedure page`, async () => noProblems(page));
  await context.close();
}

/** Relative luminance of a computed `rgb(…)` colour (WCAG 2). */
function luminance(rgb) {
  const [r, g, b] = rgb.match(/[\d.]+/g).slice(0, 3).map(Number).map((c) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

async function colours(page) {
  return page.evaluate(() => ({
    theme: document.documentElement.getAttribute('data-theme'),
    background: getComputedStyle(document.body).backgroundColor,
    ink: getComputedStyle(document.body).color,
    pressed: document.querySelector('#sb-theme') && document.querySelector('#sb-theme').getAttribute('aria-pressed'),
  }));
}

/** Dark colours: from the system's setting, from the toggle (kept per site), never on paper. */
async function darkMode(browser, base, label) {
  const url = new URL(PAGE, base).href;

  await check(`${label}: a system set to dark gets dark colours, axe-clean (contrast included)`, async () => {
    const { context, page } = await open(browser, { colorScheme: 'dark' });
    await page.goto(url);
    const seen = await colours(page);
    assert.equal(seen.theme, null, 'no choice kept: the stylesheet follows the system');
    assert.equal(seen.pressed, 'true');
    assert.ok(luminance(seen.background) < 0.05, `dark background: ${seen.background}`);
    assert.ok(luminance(seen.ink) > 0.7, `light text: ${seen.ink}`);
    assert.equal(await page.textContent('#sb-theme'), 'Donkere modus');
    // Filled in, a choice made, a step ticked and an EORI error shown: every state's colours.
    for (const [id, value] of Object.entries(PERSON)) await page.fill(`#sb-field-${id}`, value);
    await page.check('input[type="radio"][value="company-exists"]');
    await tick(page, 'click-operator');
    await page.fill('#sb-field-eori', 'BE0431150351');
    await page.press('#sb-field-eori', 'Tab');
    await page.waitForSelector('#sb-field-eori-error:not(:empty)');
    await axe(page, `${url} (dark)`);
    await page.goto(new URL(INDEX, base).href);
    await page.fill('#sb-search-input', 'traces');
    await page.waitForSelector('#sb-search-results a');
    await axe(page, `${INDEX} (dark)`);
    await page.goto(new URL('nl/flegt-access/changelog.html', base).href);
    await axe(page, 'changelog (dark)');

    await page.goto(url);
    await page.emulateMedia({ media: 'print' });
    const printed = await colours(page);
    await page.emulateMedia({ media: 'screen' });
    assert.ok(luminance(printed.background) > 0.9, `printed on white: ${printed.background}`);
    assert.ok(luminance(printed.ink) < 0.05, `printed in black: ${printed.ink}`);
    noProblems(page);
    await context.close();
  });

  await check(`${label}: the toggle's choice is kept for the whole site, and undone by choosing the system's`, async () => {
    const { context, page } = await open(browser, { colorScheme: 'light' });
    await page.goto(url);
    assert.equal((await colours(page)).pressed, 'false');
    assert.ok(luminance((await colours(page)).background) > 0.9);
    await page.click('#sb-theme');
    let seen = await colours(page);
    assert.deepEqual([seen.theme, seen.pressed], ['dark', 'true']);
    assert.ok(luminance(seen.background) < 0.05, seen.background);
    const keys = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.endsWith(':theme')));
    assert.equal(keys.length, 1, String(keys));
    assert.ok(keys[0].startsWith('stepbook:'), keys[0]);
    // Another page of the site, in another language: dark before any script of its own runs.
    const other = await context.newPage();
    await other.goto(new URL('fr/index.html', base).href, { waitUntil: 'commit' });
    await other.waitForSelector('body');
    assert.equal(await other.evaluate(() => document.documentElement.getAttribute('data-theme')), 'dark');
    await other.waitForSelector('#sb-theme');
    assert.equal(await other.getAttribute('#sb-theme', 'aria-pressed'), 'true');
    assert.equal(await other.textContent('#sb-theme'), 'Mode sombre');
    await axe(other, 'fr/index.html (dark by choice)');
    await other.close();
    await page.reload();
    seen = await colours(page);
    assert.deepEqual([seen.theme, seen.pressed], ['dark', 'true'], 'kept after a reload');
    await axe(page, `${url} (dark by choice)`);
    // Back to light: the system's own setting, so the page follows the system again.
    await page.click('#sb-theme');
    seen = await colours(page);
    assert.deepEqual([seen.theme, seen.pressed], [null, 'false']);
    assert.ok(luminance(seen.background) > 0.9);
    assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.endsWith(':theme'))), []);
    // A reader on a dark system who wants light keeps light.
    await page.emulateMedia({ colorScheme: 'dark' });
    // The change event of the media query arrives on its own: wait for the toggle to follow it.
    await page.waitForFunction(() => document.querySelector('#sb-theme').getAttribute('aria-pressed') === 'true');
    await page.click('#sb-theme');
    await page.reload();
    seen = await colours(page);
    assert.deepEqual([seen.theme, seen.pressed], ['light', 'false']);
    assert.ok(luminance(seen.background) > 0.9, seen.background);
    noProblems(page);
    await context.close();
  });
}

async function search(browser, base, label) {
  const { context, page } = await open(browser);
  await page.goto(new URL(INDEX, base).href);

  await check(`${label}: the search word occurs in the words of one step only`, async () => {
    const { page: procedure } = await open(browser);
    await procedure.goto(new URL(PAGE, base).href);
    const holders = await procedure.$$eval('li.step', (items, word) => items.filter((item) => {
      const own = item.cloneNode(true);
      own.querySelectorAll('.steps, .choice').forEach((nested) => nested.remove());
      return own.textContent.toLowerCase().includes(word);
    }).map((item) => item.id), UNIQUE_WORD);
    assert.deepEqual(holders, [UNIQUE_STEP]);
    await procedure.context().close();
  });

  await check(`${label}: searching a word of one step lands on that step's anchor`, async () => {
    assert.equal(await page.isVisible('#sb-search-input'), true);
    await page.fill('#sb-search-input', UNIQUE_WORD.toUpperCase());
    await page.waitForSelector('#sb-search-results a');
    const links = await page.$$eval('#sb-search-results a', (as) => as.map((a) => a.getAttribute('href')));
    assert.equal(links.length, 1, String(links));
    assert.ok(links[0].endsWith(`${PAGE}#${UNIQUE_STEP}`), links[0]);
    assert.match(await page.textContent('#sb-search-status'), /^1 resultaat/);
    await page.press('#sb-search-input', 'Enter');
    await page.waitForURL(`**/${PAGE}#${UNIQUE_STEP}`);
    await page.waitForSelector(`#${UNIQUE_STEP}:target`);
    const inView = await page.$eval(`#${UNIQUE_STEP}`, (step) => {
      const box = step.getBoundingClientRect();
      const panel = document.querySelector('#sb-progress').getBoundingClientRect();
      return box.top >= panel.bottom && box.top < window.innerHeight;
    });
    assert.ok(inView, 'the step is scrolled into view, below the sticky progress panel');
  });

  await check(`${label}: search folds accents and case and finds labels; nothing found is said`, async () => {
    await page.fill('#sb-search-input', 'request AUTHORISATION');
    await page.waitForFunction(() => document.querySelector('#sb-search-results a[href$="#request-authorisation"]'));
    await page.fill('#sb-search-input', 'zzzqqq');
    await page.waitForFunction(() => /zzzqqq/.test(document.querySelector('#sb-search-status').textContent));
    assert.equal(await page.$$eval('#sb-search-results li', (l) => l.length), 0);
  });

  await check(`${label}: axe-core finds no serious or critical violation on the index`, async () => {
    await page.goto(new URL(INDEX, base).href);
    await page.fill('#sb-search-input', 'traces');
    await page.waitForSelector('#sb-search-results a');
    await axe(page, INDEX);
  });

  await check(`${label}: no console error while searching`, async () => noProblems(page));
  await context.close();
}

async function withoutScript(browser, base) {
  await check('without JavaScript: the whole procedure and a working plain mailto: link', async () => {
    const { context, page } = await open(browser, { javaScriptEnabled: false });
    await page.goto(new URL(PAGE, base).href);
    const stepCount = await stepCountShown(page);
    assert.equal(await page.$$eval('li.step', (items) => items.filter((i) => i.offsetParent !== null).length), stepCount);
    const mail = decodeMailto(await page.getAttribute('.email-actions a[href^="mailto:"]', 'href'));
    assert.equal(mail.subject, 'role request for a FLEGT timber importer');
    assert.equal(mail.body, '[Voornaam]\r\n[Achternaam]\r\n[Bedrijf]');
    assert.equal(await page.isVisible('#sb-search'), false, 'no dead search box');
    assert.equal(await page.$$eval('.step-check, #sb-progress', (e) => e.length), 0);
    assert.equal(await page.isVisible('#sb-field-first-name'), true);
    noProblems(page);
    await context.close();
  });
}

/** Every language's procedure page: the script's words in that language, no error, axe clean. */
async function everyLanguage(browser, base) {
  const languages = readdirSync(site).filter((dir) => existsSync(join(site, dir, 'flegt-access', 'index.html')));
  await check(`every language (${languages.join(', ')}): script in the page's words, no error, axe clean`, async () => {
    assert.ok(languages.includes('nl'));
    for (const lang of languages) {
      const { context, page } = await open(browser);
      await page.goto(new URL(`${lang}/flegt-access/index.html`, base).href);
      const config = JSON.parse(await page.textContent('#sb-config'));
      assert.equal(config.lang, lang);
      assert.equal(await page.textContent('#sb-reset'), config.strings.reset, lang);
      assert.equal(await page.textContent('#sb-forget'), config.strings.forget, lang);
      await page.fill('#sb-field-eori', 'BE2314595348');
      await page.press('#sb-field-eori', 'Tab');
      assert.equal(await page.textContent('#sb-field-eori-error'), config.strings.eori_belgian_start, lang);
      await page.fill('#sb-search-input', 'traces');
      await page.waitForSelector('#sb-search-results a');
      const links = await page.$$eval('#sb-search-results a', (as) => as.map((a) => a.href));
      assert.ok(links.every((href) => href.includes(`/${lang}/`)), `${lang}: ${links}`);
      await axe(page, `${lang}/flegt-access/index.html`);
      noProblems(page);
      await context.close();
    }
  });
}

// ------------------------------------------------------------------ main

const server = await serve(site);
const http = `http://127.0.0.1:${server.address().port}/`;
const browser = await launch();
try {
  await procedurePage(browser, http, 'http');
  await search(browser, http, 'http');
  await darkMode(browser, http, 'http');
  await withoutScript(browser, http);
  await everyLanguage(browser, http);
  const file = pathToFileURL(site + sep).href;
  await procedurePage(browser, file, 'file');
  await search(browser, file, 'file');
  await darkMode(browser, file, 'file');
} finally {
  await browser.close();
  server.close();
}
finish('browser');

/* stepbook.js: the behaviour of a stepbook site, on top of pages that are whole without it.
 *
 * - the company data form is kept in this browser (localStorage, per site) and can be forgotten;
 * - the EORI number is checked while typing, with the rules the Rust validator uses
 *   (src/model/eori.json, written into the page as JSON; the same test vectors run against both);
 * - the e-mail blocks show the entered data, and their mailto: link and "copy" button carry it;
 * - every step gets a checkbox, kept per procedure and language, with a progress count that only
 *   counts the chosen option of a choice; a reset unticks everything;
 * - the search box searches this language's index, loaded as a script (works from file://);
 * - a light/dark toggle in the header, its choice kept per site (static/theme.js applies it
 *   before the first paint); without a choice the colours follow the system's setting.
 *
 * No framework, no network. Under Node (tests/browser/eori.test.mjs) it only exports its pure
 * functions.
 */
(function () {
  'use strict';

  // ---------------------------------------------------------------- pure functions

  /** The number without the characters people type for readability, in capitals. */
  function normaliseEori(input, rules) {
    var out = '';
    Array.from(String(input)).forEach(function (c) {
      if (rules.ignored.indexOf(c) < 0) out += c.toUpperCase();
    });
    return out;
  }

  /** Same steps, same order as `validate` in src/eori.rs: {ok, value} or {ok: false, code, …}. */
  function validateEori(input, rules) {
    var eori = normaliseEori(input, rules);
    var chars = Array.from(eori);
    var country = chars.slice(0, 2).join('');
    if (rules.countries.indexOf(country) < 0) return { ok: false, code: 'country' };
    var rest = chars.slice(2);
    for (var i = 0; i < rest.length; i++) {
      if (!/^[A-Z0-9]$/.test(rest[i])) return { ok: false, code: 'character', char: rest[i] };
    }
    if (rest.length === 0 || rest.length > rules.max_length) return { ok: false, code: 'length' };
    var be = rules.belgium;
    if (country === be.country) {
      var digits = rest.join('');
      if (rest.length !== be.digits || !/^[0-9]+$/.test(digits)) {
        return { ok: false, code: 'belgian-format' };
      }
      if (be.first_digits.indexOf(digits[0]) < 0) return { ok: false, code: 'belgian-start' };
      var base = parseInt(digits.slice(0, be.base_digits), 10);
      var check = parseInt(digits.slice(be.base_digits), 10);
      var expected = be.modulus - (base % be.modulus);
      if (check !== expected) {
        return { ok: false, code: 'belgian-check', expected: ('0' + expected).slice(-2) };
      }
    }
    return { ok: true, value: eori };
  }

  /** Percent-encoding of a mailto: header value (RFC 6068): all but A–Z a–z 0–9 - . _ ~. */
  function encodeMailto(text) {
    return encodeURIComponent(text).replace(/[!'()*]/g, function (c) {
      return '%' + c.charCodeAt(0).toString(16).toUpperCase();
    });
  }

  /** A mailto: URI as src/view/email.rs builds it; `to` and `cc` are already encoded. */
  function mailto(to, cc, subject, body) {
    var uri = 'mailto:' + to;
    var parts = [];
    if (cc) parts.push('cc=' + cc);
    if (subject) parts.push('subject=' + encodeMailto(subject));
    body = body.replace(/\r\n/g, '\n').replace(/\n/g, '\r\n');
    if (body) parts.push('body=' + encodeMailto(body));
    return parts.length ? uri + '?' + parts.join('&') : uri;
  }

  /** Lower case without accents, for matching (`Één` → `een`). */
  function fold(text) {
    return String(text).normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  }

  function words(text) {
    return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  /** The entries of a search index matching every word of `query` (as a word prefix), best first. */
  function search(entries, query) {
    var wanted = words(query);
    if (!wanted.length) return [];
    var found = [];
    entries.forEach(function (entry, index) {
      if (!entry._title) {
        entry._title = words(entry.title + ' ' + entry.number);
        entry._text = words(entry.text);
      }
      var score = 0;
      for (var i = 0; i < wanted.length; i++) {
        var w = wanted[i];
        var inTitle = entry._title.some(function (x) { return x.indexOf(w) === 0; });
        var inText = entry._text.some(function (x) { return x.indexOf(w) === 0; });
        if (!inTitle && !inText) return;
        score += (inTitle ? 10 : 1) + (entry._title.indexOf(w) >= 0 ? 2 : 0);
      }
      if (entry.kind === 'step') score += 1;
      found.push({ entry: entry, score: score, index: index });
    });
    found.sort(function (a, b) { return b.score - a.score || a.index - b.index; });
    return found.map(function (f) { return f.entry; });
  }

  /** `{name}` placeholders of a theme string filled in. */
  function format(text, values) {
    return String(text || '').replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : all;
    });
  }


  // ------------------------------------------------- the checklist, filled in

  /** WinAnsi's characters of the bytes 0x80–0x9F (null where it has none). */
  var WIN_ANSI_HIGH = ['€', null, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', null, 'Ž', null,
    null, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', null, 'ž', 'Ÿ'];

  /** Text as WinAnsi bytes, the encoding of the form's Helvetica; `?` for the rest. */
  function winAnsi(text) {
    return Array.from(String(text)).map(function (c) {
      var code = c.codePointAt(0);
      if ((code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff)) return code;
      var high = WIN_ANSI_HIGH.indexOf(c);
      return high >= 0 ? 0x80 + high : 63;
    });
  }

  /** A number as PDF content writes it (`10`, `7.3`), as src/render/pdf/fields.rs does. */
  function pdfNumber(value) {
    return value.toFixed(2).replace(/0+$/, '').replace(/\.$/, '');
  }

  /** Bytes as the inside of a PDF literal string, ASCII only (octal escapes). */
  function literal(bytes) {
    return bytes.map(function (b) {
      if (b === 40 || b === 41 || b === 92) return '\\' + String.fromCharCode(b);
      if (b >= 0x20 && b <= 0x7e) return String.fromCharCode(b);
      return '\\' + ('00' + b.toString(8)).slice(-3);
    }).join('');
  }

  /** A PDF text string: `(ASCII)` as is, anything else `<FEFF…>` (UTF-16BE). */
  function textString(text) {
    if (/^[\x20-\x7e]*$/.test(text)) return '(' + literal(winAnsi(text)) + ')';
    var hex = 'FEFF';
    for (var i = 0; i < text.length; i++) hex += ('000' + text.charCodeAt(i).toString(16).toUpperCase()).slice(-4);
    return '<' + hex + '>';
  }

  /** The size a value is shown at: the form's size, smaller if it does not fit (fields.rs). */
  function fittingSize(encoded, w, h, facts) {
    var largest = Math.min(facts.font_size, h * 0.6);
    var em = encoded.reduce(function (sum, b) { return sum + facts.widths[b]; }, 0) / 1000;
    var room = w - 4 - 3;
    if (em * largest <= room) return largest;
    return Math.max(Math.floor((room / em) * 10), 50) / 10;
  }

  /** A text field's appearance stream, as fields.rs writes it. */
  function textAppearance(field, size, encoded, facts) {
    var border = facts.border;
    var w = field.w;
    var h = field.h;
    var out = 'q ' + border.map(function (c) { return c.toFixed(3); }).join(' ') + ' RG 0.6 w 0.3 0.3 ' +
      (w - 0.6).toFixed(2) + ' ' + (h - 0.6).toFixed(2) + ' re S Q\n/Tx BMC\nq 1 1 ' +
      (w - 2).toFixed(2) + ' ' + (h - 2).toFixed(2) + ' re W n\nBT\n/Helv ' + pdfNumber(size) + ' Tf 0 g\n';
    var baseline = ((h - size * 0.72) / 2).toFixed(2);
    if (field.comb) {
      var cell = w / field.comb;
      encoded.slice(0, field.comb).forEach(function (b, index) {
        var x = cell * index + (cell - (facts.widths[b] * size) / 1000) / 2;
        out += '1 0 0 1 ' + x.toFixed(2) + ' ' + baseline + ' Tm (' + literal([b]) + ') Tj\n';
      });
    } else {
      out += '4 ' + baseline + ' Td (' + literal(encoded) + ') Tj\n';
    }
    return out + 'ET\nQ\nEMC\n';
  }

  /**
   * The build's checklist (`facts`, from its `.pdf.js` file: see src/render/pdf/fill.rs) filled
   * with `values`: `text` (field name → value), `done` (ticked step ids), `choices` (choice
   * field name → option id). Returns the bytes: the original PDF, untouched, followed by an
   * incremental update that rewrites the changed fields with `/V` and their appearances.
   */
  function fillChecklist(facts, values, normalise) {
    var objects = {};
    var next = facts.size;
    Object.keys(values.text || {}).forEach(function (name) {
      var field = facts.fields[name];
      if (!field || field.kind !== 'text') return;
      var value = String(values.text[name] || '').trim();
      if (field.comb && normalise) value = normalise(value);
      if (!value) return;
      var encoded = winAnsi(value);
      var size = field.comb ? Math.min(facts.font_size, field.h * 0.6) : fittingSize(encoded, field.w, field.h, facts);
      var content = textAppearance(field, size, encoded, facts);
      var ap = next++;
      objects[ap] = '<</Type/XObject/Subtype/Form/BBox[0 0 ' + field.w.toFixed(2) + ' ' + field.h.toFixed(2) +
        ']/Resources<</Font<</Helv ' + facts.helv + ' 0 R>>>>/Length ' + content.length + '>>\nstream\n' +
        content + '\nendstream';
      objects[field.obj] = '<<' + field.dict + '/V ' + textString(value) + '/DA(/Helv ' + pdfNumber(size) +
        ' Tf 0 g)/AP<</N ' + ap + ' 0 R>>>>';
    });
    (values.done || []).forEach(function (id) {
      var field = facts.fields[id];
      if (field && field.kind === 'check') objects[field.obj] = '<<' + field.dict + '/V/Yes/AS/Yes>>';
    });
    Object.keys(values.choices || {}).forEach(function (name) {
      var field = facts.fields[name];
      var chosen = values.choices[name];
      if (!field || field.kind !== 'radio' || !field.options[chosen]) return;
      objects[field.obj] = '<<' + field.dict + '/V/' + chosen + '>>';
      Object.keys(field.options).forEach(function (option) {
        var button = field.options[option];
        objects[button.obj] = '<<' + button.dict + '/AS/' + (option === chosen ? option : 'Off') + '>>';
      });
    });
    var original = atob(facts.pdf);
    var text = original.charAt(original.length - 1) === '\n' ? '' : '\n';
    var offsets = {};
    var numbers = Object.keys(objects).map(Number).sort(function (a, b) { return a - b; });
    numbers.forEach(function (n) {
      offsets[n] = original.length + text.length;
      text += n + ' 0 obj\n' + objects[n] + '\nendobj\n';
    });
    var xref = original.length + text.length;
    text += 'xref\n';
    for (var i = 0; i < numbers.length;) {
      var j = i;
      while (j + 1 < numbers.length && numbers[j + 1] === numbers[j] + 1) j++;
      text += numbers[i] + ' ' + (j - i + 1) + '\n';
      for (var k = i; k <= j; k++) text += ('000000000' + offsets[numbers[k]]).slice(-10) + ' 00000 n \n';
      i = j + 1;
    }
    text += 'trailer\n<<' + facts.trailer + '/Size ' + Math.max(next, facts.size) + '/Prev ' + facts.startxref +
      '>>\nstartxref\n' + xref + '\n%%EOF\n';
    var bytes = new Uint8Array(original.length + text.length);
    for (var a = 0; a < original.length; a++) bytes[a] = original.charCodeAt(a);
    for (var c = 0; c < text.length; c++) bytes[original.length + c] = text.charCodeAt(c) & 0xff;
    return bytes;
  }

  var api = {
    fillChecklist: fillChecklist,
    normaliseEori: normaliseEori,
    validateEori: validateEori,
    mailto: mailto,
    search: search,
    fold: fold,
    format: format
  };
  if (typeof document === 'undefined') {
    if (typeof module === 'object' && module.exports) module.exports = api;
    return;
  }

  // ---------------------------------------------------------------- the page

  var configElement = document.getElementById('sb-config');
  var config = configElement ? JSON.parse(configElement.textContent) : {};
  var strings = config.strings || {};
  var script = document.currentScript;
  // The site root: this script is <root>static/stepbook.js.
  var root = script ? new URL('../', script.src).href : location.href;
  var prefix = 'stepbook:' + root + ':';

  /** localStorage that never throws (it can be off, full or forbidden). */
  var store = {
    get: function (key, fallback) {
      try {
        var value = window.localStorage.getItem(prefix + key);
        return value === null ? fallback : JSON.parse(value);
      } catch (e) {
        return fallback;
      }
    },
    set: function (key, value) {
      try {
        window.localStorage.setItem(prefix + key, JSON.stringify(value));
      } catch (e) { /* not kept: the page still works */ }
    },
    remove: function (key) {
      try {
        window.localStorage.removeItem(prefix + key);
      } catch (e) { /* nothing kept */ }
    },
    clearSite: function () {
      try {
        var keys = [];
        for (var i = 0; i < window.localStorage.length; i++) {
          var key = window.localStorage.key(i);
          if (key && key.indexOf(prefix) === 0) keys.push(key);
        }
        keys.forEach(function (key) { window.localStorage.removeItem(key); });
      } catch (e) { /* nothing kept */ }
    }
  };

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function say(node, text) {
    node.textContent = text;
  }


  // ---------------------------------------------------------------- light or dark

  var darkQuery = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;
  var themeButton = null;

  function systemTheme() {
    return darkQuery && darkQuery.matches ? 'dark' : 'light';
  }

  /** The reader's kept choice, or the system's setting. */
  function currentTheme() {
    var kept = store.get('theme', null);
    return kept === 'light' || kept === 'dark' ? kept : systemTheme();
  }

  function showTheme() {
    var kept = store.get('theme', null);
    if (kept === 'light' || kept === 'dark') document.documentElement.setAttribute('data-theme', kept);
    else document.documentElement.removeAttribute('data-theme');
    if (themeButton) themeButton.setAttribute('aria-pressed', currentTheme() === 'dark' ? 'true' : 'false');
  }

  function setUpTheme() {
    var header = document.querySelector('.site-header-inner');
    if (header) {
      themeButton = element('button', { type: 'button', class: 'theme-toggle', id: 'sb-theme' }, strings.theme_dark);
      var languages = header.querySelector('.lang-switch');
      if (languages) languages.insertAdjacentElement('afterend', themeButton);
      else header.appendChild(themeButton);
      themeButton.addEventListener('click', function () {
        var wanted = currentTheme() === 'dark' ? 'light' : 'dark';
        // Choosing what the system asks for is no choice: the page follows the system again.
        if (wanted === systemTheme()) store.remove('theme');
        else store.set('theme', wanted);
        showTheme();
      });
    }
    if (darkQuery && darkQuery.addEventListener) darkQuery.addEventListener('change', showTheme);
    showTheme();
  }

  // ---------------------------------------------------------------- fields

  var fieldInputs = Array.from(document.querySelectorAll('#sb-fields [name]'));
  var values = store.get('fields', {});
  var listeners = [];

  function fieldValue(id) {
    var value = values[id];
    return typeof value === 'string' ? value.trim() : '';
  }

  function changed() {
    listeners.forEach(function (listener) { listener(); });
  }

  /** Shows the kept values in the inputs (at start, and when another tab changed them). */
  function showValues() {
    fieldInputs.forEach(function (input) {
      var kept = values[input.name];
      if (input.type === 'checkbox') input.checked = kept === true;
      else input.value = typeof kept === 'string' ? kept : '';
      input.dispatchEvent(new Event('sb-refresh'));
    });
  }

  /** A copy of a text input's value that prints in full: an input prints at its screen width
   * and cuts a long value off; the copy (shown by the print stylesheet instead of a filled-in
   * input) wraps. */
  function addPrintedValue(input) {
    if (input.type === 'checkbox') return;
    var copy = element('span', { class: 'field-print-value', 'aria-hidden': 'true' });
    input.insertAdjacentElement('afterend', copy);
    var show = function () {
      copy.textContent = input.value;
      input.parentNode.classList.toggle('field-filled', input.value.trim() !== '');
    };
    input.addEventListener('input', show);
    input.addEventListener('change', show);
    input.addEventListener('sb-refresh', show);
    show();
  }

  // ---------------------------------------------------------------- the index filter

  /**
   * The filter above the index's cards: as the reader types, only the cards whose title,
   * summary and tags hold every word typed (accents and case ignored) stay, and only those
   * carrying every pressed tag chip; a group with none left is hidden, and the count says how
   * many are shown ("12 of 1 000"). Without this script the box stays hidden and every card
   * shows. The cards' text is read on first use, so a large index loads no slower.
   */
  function setUpFilter() {
    var box = document.getElementById('sb-filter');
    var input = document.getElementById('sb-filter-input');
    var count = document.getElementById('sb-filter-count');
    var none = document.getElementById('sb-filter-none');
    if (!box || !input || !count) return;
    var cardNodes = Array.prototype.slice.call(document.querySelectorAll('.procedure-card'));
    var groups = Array.prototype.slice.call(document.querySelectorAll('.procedure-group'));
    var chips = Array.prototype.slice.call(box.querySelectorAll('.tag-chip'));
    var chosen = [];
    var cards = null;
    var numbers = window.Intl ? new Intl.NumberFormat(config.lang) : null;
    var number = function (n) { return numbers ? numbers.format(n) : String(n); };
    var read = function () {
      return cardNodes.map(function (node) {
        var tags = Array.prototype.map.call(node.querySelectorAll('.tag'), function (t) { return t.textContent; });
        var title = node.querySelector('.procedure-card-title');
        var summary = node.querySelector('.procedure-card-summary');
        return {
          node: node,
          text: fold([title ? title.textContent : '', summary ? summary.textContent : ''].concat(tags).join(' ')),
          tags: tags,
          group: node.closest('.procedure-group')
        };
      });
    };
    var apply = function () {
      if (!cards) cards = read();
      var terms = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      var left = new Map();
      cards.forEach(function (card) {
        var keep = terms.every(function (t) { return card.text.indexOf(t) >= 0; }) &&
          chosen.every(function (tag) { return card.tags.indexOf(tag) >= 0; });
        if (card.node.hidden === keep) card.node.hidden = !keep;
        if (keep) {
          shown += 1;
          if (card.group) left.set(card.group, (left.get(card.group) || 0) + 1);
        }
      });
      // A group's heading counts the cards it still shows.
      groups.forEach(function (group) {
        var hide = !left.has(group);
        if (group.hidden !== hide) group.hidden = hide;
        var counter = group.querySelector('.procedure-group-count');
        var text = '(' + number(left.get(group) || 0) + ')';
        if (counter && counter.textContent !== text) counter.textContent = text;
      });
      say(count, format(strings.filter_count, { shown: number(shown), total: number(cardNodes.length) }));
      if (none) none.hidden = shown > 0;
    };
    chips.forEach(function (chip) {
      chip.addEventListener('click', function () {
        var tag = chip.getAttribute('data-tag');
        var on = chip.getAttribute('aria-pressed') !== 'true';
        chip.setAttribute('aria-pressed', on ? 'true' : 'false');
        chosen = chosen.filter(function (t) { return t !== tag; });
        if (on) chosen.push(tag);
        apply();
      });
    });
    input.addEventListener('input', apply);
    input.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && input.value) {
        input.value = '';
        apply();
      }
    });
    box.hidden = false;
    say(count, format(strings.filter_count, { shown: number(cardNodes.length), total: number(cardNodes.length) }));
  }

  /** "Other procedures" is a sidebar on wide screens (open) and a closed box on phones. */
  function setUpNav() {
    var details = document.getElementById('sb-nav-details');
    if (!details || !window.matchMedia) return;
    var wide = window.matchMedia('(min-width: 62em)');
    details.open = wide.matches;
    var follow = function () { details.open = wide.matches; };
    if (wide.addEventListener) wide.addEventListener('change', follow);
  }

  function setUpFields() {
    if (!fieldInputs.length) return;
    fieldInputs.forEach(addPrintedValue);
    showValues();
    fieldInputs.forEach(function (input) {
      var save = function () {
        values[input.name] = input.type === 'checkbox' ? input.checked : input.value;
        store.set('fields', values);
        changed();
      };
      input.addEventListener('input', save);
      input.addEventListener('change', save);
    });
    var section = document.getElementById('sb-fields');
    var actions = element('div', { class: 'fields-actions' });
    actions.appendChild(element('p', { class: 'fields-saved-note' }, strings.saved_note));
    var forget = element('button', { type: 'button', class: 'button button-secondary', id: 'sb-forget' }, strings.forget);
    var status = element('p', { class: 'fields-status', role: 'status', id: 'sb-forget-status' });
    actions.appendChild(forget);
    actions.appendChild(status);
    section.appendChild(actions);
    forget.addEventListener('click', function () {
      store.clearSite();
      values = {};
      showValues();
      checklist.clear();
      changed();
      showTheme();
      say(status, strings.forget_done);
    });
  }

  // ---------------------------------------------------------------- EORI

  function eoriMessage(result) {
    var key = 'eori_' + result.code.replace('-', '_');
    return format(strings[key] || result.code, { char: result.char || '', expected: result.expected || '' });
  }

  function setUpEori() {
    var rules = config.eori;
    if (!rules) return;
    document.querySelectorAll('.field-eori input').forEach(function (input) {
      var error = element('p', { class: 'field-error', id: input.id + '-error', 'aria-live': 'polite' });
      input.parentNode.appendChild(error);
      var described = (input.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
      described.push(error.id);
      input.setAttribute('aria-describedby', described.join(' '));
      var timer = null;
      var show = function (result) {
        if (result.ok) {
          input.removeAttribute('aria-invalid');
          say(error, '');
        } else {
          input.setAttribute('aria-invalid', 'true');
          say(error, eoriMessage(result));
        }
      };
      var check = function (now) {
        clearTimeout(timer);
        var value = input.value;
        if (!value.trim()) return show({ ok: true });
        var result = validateEori(value, rules);
        // A valid number clears the message at once; a wrong one is shown when the typing
        // pauses (or the field is left), not at every keystroke.
        if (result.ok || now) show(result);
        else timer = setTimeout(function () { show(result); }, 700);
      };
      input.addEventListener('input', function () { check(false); });
      input.addEventListener('sb-refresh', function () { check(true); });
      input.addEventListener('blur', function () {
        var result = input.value.trim() ? validateEori(input.value, rules) : null;
        if (result && result.ok && result.value !== input.value) {
          input.value = result.value;
          input.dispatchEvent(new Event('input'));
        }
        check(true);
      });
      if (input.value.trim()) check(true);
    });
  }

  // ---------------------------------------------------------------- e-mail

  /** The text of a subject or body with the placeholders as values or `[label]`. */
  function mergedText(node) {
    var text = '';
    node.childNodes.forEach(function (child) {
      if (child.nodeType === 3) text += child.nodeValue;
      else if (child.dataset && child.dataset.fieldId) {
        text += fieldValue(child.dataset.fieldId) || '[' + child.dataset.label + ']';
      } else text += child.textContent;
    });
    return text;
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return copyBySelection(text); });
    }
    return copyBySelection(text);
  }

  /** The old way, for plain-HTTP intranets where the Clipboard API is not available. */
  function copyBySelection(text) {
    var area = element('textarea', { readonly: '', class: 'sb-offscreen', 'aria-hidden': 'true' });
    area.value = text;
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    area.remove();
    return ok ? Promise.resolve() : Promise.reject(new Error('copy'));
  }

  function setUpEmails() {
    document.querySelectorAll('.placeholder[data-field-id]').forEach(function (span) {
      span.dataset.label = span.textContent;
    });
    document.querySelectorAll('figure.email').forEach(function (figure) {
      var link = figure.querySelector('.email-actions a[href^="mailto:"]');
      var subject = figure.querySelector('.email-subject');
      var body = figure.querySelector('.email-body');
      if (!link || !subject || !body) return;
      var original = link.getAttribute('href');
      var query = original.indexOf('?') < 0 ? '' : original.slice(original.indexOf('?') + 1);
      var to = original.slice('mailto:'.length).split('?')[0];
      var cc = '';
      query.split('&').forEach(function (pair) {
        if (pair.indexOf('cc=') === 0) cc = pair.slice(3);
      });
      var copy = element('button', { type: 'button', class: 'button button-secondary email-copy' }, strings.copy);
      var status = element('span', { class: 'email-copy-status', role: 'status' });
      link.insertAdjacentElement('afterend', copy);
      copy.insertAdjacentElement('afterend', status);
      var update = function () {
        figure.querySelectorAll('.placeholder[data-field-id]').forEach(function (span) {
          var value = fieldValue(span.dataset.fieldId);
          span.textContent = value || span.dataset.label;
          span.classList.toggle('filled', Boolean(value));
        });
        link.setAttribute('href', mailto(to, cc, mergedText(subject), mergedText(body)));
      };
      listeners.push(update);
      update();
      copy.addEventListener('click', function () {
        var lines = [];
        figure.querySelectorAll('.email-row').forEach(function (row) {
          var label = row.querySelector('dt').textContent.trim();
          var value = row.querySelector('dd');
          if (value.querySelector('.email-body')) return;
          var addresses = Array.from(value.querySelectorAll('.address')).map(function (a) { return a.textContent; });
          var text = value.classList.contains('email-subject') ? mergedText(value)
            : addresses.length ? addresses.join(', ')
              : Array.from(value.querySelectorAll('.placeholder')).map(function (p) { return fieldValue(p.dataset.fieldId); }).join('');
          if (text) lines.push(label + ': ' + text);
        });
        var full = lines.join('\n') + '\n\n' + mergedText(body).trim() + '\n';
        copyText(full).then(
          function () { say(status, strings.copied); },
          function () { say(status, strings.copy_failed); }
        );
      });
    });
  }

  // ---------------------------------------------------------------- checklist

  var checklist = { clear: function () {}, reload: function () {} };

  function setUpChecklist() {
    var article = document.querySelector('article.procedure');
    if (!article || !config.procedure) return;
    var key = 'progress:' + config.procedure + ':' + config.lang;
    var load = function () {
      var kept = store.get(key, {});
      return { done: kept.done || {}, choices: kept.choices || {} };
    };
    var state = load();
    var save = function () { store.set(key, state); };

    var steps = Array.from(article.querySelectorAll('li.step[data-step-id]'));
    var boxes = steps.map(function (step) {
      var id = step.dataset.stepId;
      var box = element('input', {
        type: 'checkbox',
        class: 'step-check',
        id: 'sb-done-' + id,
        'aria-label': format(strings.step_done, { number: step.dataset.stepPath })
      });
      // Named "Done: step 2.d", described by the step's title.
      var title = step.querySelector('.step-head > .step-title');
      if (title) {
        title.id = title.id || 'sb-title-' + id;
        box.setAttribute('aria-describedby', title.id);
      }
      box.checked = state.done[id] === true;
      box.addEventListener('change', function () {
        if (box.checked) state.done[id] = true;
        else delete state.done[id];
        save();
        update();
      });
      var head = step.querySelector('.step-head');
      head.insertBefore(box, head.firstChild);
      return box;
    });

    var radios = [];
    article.querySelectorAll('section.option[data-option-id]').forEach(function (option) {
      var choiceStep = option.closest('li.step');
      if (!choiceStep) return;
      var stepId = choiceStep.dataset.stepId;
      var optionId = option.dataset.optionId;
      var label = element('label', { class: 'option-choose' });
      var radio = element('input', {
        type: 'radio',
        name: 'sb-choice-' + stepId,
        value: optionId,
        'aria-describedby': optionId + '-title'
      });
      radio.checked = state.choices[stepId] === optionId;
      radio.addEventListener('change', function () {
        state.choices[stepId] = optionId;
        save();
        update();
      });
      label.appendChild(radio);
      label.appendChild(document.createTextNode(' ' + strings.choose));
      var note = element('p', { class: 'option-not-chosen-note' }, strings.not_chosen);
      var title = option.querySelector('.option-title');
      title.insertAdjacentElement('afterend', label);
      label.insertAdjacentElement('afterend', note);
      radios.push(radio);
    });

    /** Whether a step lies on the path the reader follows (no other option chosen above it). */
    var counted = function (step) {
      for (var option = step.closest('section.option'); option; option = option.parentNode.closest('section.option')) {
        var choiceStep = option.closest('li.step');
        var chosen = choiceStep && state.choices[choiceStep.dataset.stepId];
        if (chosen && chosen !== option.dataset.optionId) return false;
      }
      return true;
    };

    var panel = element('div', { class: 'progress-panel', id: 'sb-progress' });
    var heading = element('p', { class: 'progress-label', id: 'sb-progress-label' }, strings.progress_label);
    var text = element('p', { class: 'progress-text', id: 'sb-progress-text', role: 'status' });
    var bar = element('progress', { 'aria-labelledby': 'sb-progress-label', 'aria-describedby': 'sb-progress-text' });
    var reset = element('button', { type: 'button', class: 'button button-secondary progress-reset', id: 'sb-reset' }, strings.reset);
    [heading, bar, text, reset].forEach(function (node) { panel.appendChild(node); });
    var body = article.querySelector('.procedure-body');
    body.insertBefore(panel, body.firstChild);
    // Anchors scrolled to (search results, contents) must land below the sticky panel.
    var room = function () {
      article.style.setProperty('--sb-sticky', panel.offsetHeight + 'px');
    };
    room();
    window.addEventListener('resize', room);

    var stepCount = document.getElementById('sb-step-count');

    // The contents list shows the ticks too.
    var tocLinks = steps.map(function (step) {
      return document.querySelector('.toc a[href="#' + step.dataset.stepId + '"]');
    });

    var update = function (message) {
      var total = 0;
      var done = 0;
      steps.forEach(function (step, i) {
        var on = counted(step);
        step.classList.toggle('step-done', boxes[i].checked);
        if (tocLinks[i]) tocLinks[i].classList.toggle('toc-done', boxes[i].checked);
        if (on) {
          total += 1;
          if (boxes[i].checked) done += 1;
        }
      });
      article.querySelectorAll('section.option[data-option-id]').forEach(function (option) {
        var choiceStep = option.closest('li.step');
        var chosen = choiceStep && state.choices[choiceStep.dataset.stepId];
        option.classList.toggle('option-chosen', chosen === option.dataset.optionId);
        option.classList.toggle('option-not-chosen', Boolean(chosen) && chosen !== option.dataset.optionId);
      });
      // The header's count ("Steps 27") says the same as the bar once a choice leaves steps out.
      if (stepCount) {
        say(stepCount, total === steps.length ? String(total)
          : format(strings.step_count_path, { total: total, all: steps.length }));
      }
      bar.max = total;
      bar.value = done;
      panel.dataset.done = done;
      panel.dataset.total = total;
      var progress = format(strings.progress, { done: done, total: total });
      say(text, typeof message === 'string' ? message + ' ' + progress : progress);
    };

    var clear = function () {
      state = { done: {}, choices: {} };
      boxes.forEach(function (box) { box.checked = false; });
      radios.forEach(function (radio) { radio.checked = false; });
    };
    reset.addEventListener('click', function () {
      clear();
      save();
      update(strings.reset_done);
    });
    checklist = {
      clear: function () { clear(); update(); },
      reload: function () {
        state = load();
        steps.forEach(function (step, i) { boxes[i].checked = state.done[step.dataset.stepId] === true; });
        radios.forEach(function (radio) {
          radio.checked = state.choices[radio.name.slice('sb-choice-'.length)] === radio.value;
        });
        update();
      }
    };
    update();
  }

  // ---------------------------------------------------------------- search

  function setUpSearch() {
    var box = document.getElementById('sb-search');
    var input = document.getElementById('sb-search-input');
    var status = document.getElementById('sb-search-status');
    var list = document.getElementById('sb-search-results');
    if (!box || !input || !config.search_index) return;
    box.hidden = false;
    var loading = null;
    var load = function () {
      if (window[config.search_global]) return Promise.resolve(window[config.search_global]);
      if (!loading) {
        loading = new Promise(function (resolve, reject) {
          var tag = element('script', { src: config.search_index });
          tag.onload = function () { resolve(window[config.search_global] || []); };
          tag.onerror = reject;
          document.head.appendChild(tag);
        });
      }
      return loading;
    };
    var limit = 10;
    var render = function (entries) {
      var query = input.value;
      list.textContent = '';
      if (!query.trim()) return say(status, '');
      var found = search(entries, query);
      if (!found.length) return say(status, format(strings.search_none, { query: query.trim() }));
      var key = found.length === 1 ? 'search_one' : found.length > limit ? 'search_more' : 'search_many';
      say(status, format(strings[key], { count: found.length, shown: limit }));
      found.slice(0, limit).forEach(function (entry) {
        var item = element('li', { class: 'site-search-result site-search-' + entry.kind });
        var link = element('a', { href: new URL(entry.url, root).href });
        if (entry.number) {
          link.appendChild(element('span', { class: 'site-search-number' },
            entry.kind === 'section' ? entry.number + '.' : format(strings.search_step, { number: entry.number })));
          link.appendChild(document.createTextNode(' '));
        }
        link.appendChild(element('span', { class: 'site-search-title' }, entry.title));
        if (entry.kind !== 'procedure') {
          link.appendChild(element('span', { class: 'site-search-procedure' }, entry.procedure));
        }
        link.addEventListener('click', function () {
          // An anchor on this same page: no reload, so close the results by hand.
          setTimeout(function () { list.textContent = ''; say(status, ''); input.value = ''; }, 0);
        });
        item.appendChild(link);
        list.appendChild(item);
      });
    };
    var timer = null;
    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        load().then(render, function () { say(status, strings.search_none.replace('{query}', input.value)); });
      }, 120);
    });
    input.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') {
        input.value = '';
        list.textContent = '';
        say(status, '');
      } else if (event.key === 'Enter') {
        var first = list.querySelector('a');
        if (first) {
          event.preventDefault();
          first.click();
        }
      } else if (event.key === 'ArrowDown') {
        var link = list.querySelector('a');
        if (link) {
          event.preventDefault();
          link.focus();
        }
      }
    });
  }

  // Another tab of the same site changed the kept data: show it here too, so this tab does not
  // overwrite it with what it had.
  window.addEventListener('storage', function (event) {
    if (event.key !== null && event.key.indexOf(prefix) !== 0) return;
    values = store.get('fields', {});
    showValues();
    showTheme();
    checklist.reload();
    changed();
  });

  setUpTheme();
  /**
   * "Download my checklist, filled in": next to the link to the blank checklist, a button that
   * makes the PDF with what the reader filled in and ticked on this page. The checklist's
   * `.pdf.js` file (loaded by a script element, so it works from file:// too) holds the PDF and
   * the facts `fillChecklist` needs; nothing is sent anywhere.
   */
  function setUpDownload() {
    var link = document.querySelector('.downloads a[href$=".pdf"]');
    if (!link || !window.Blob || !window.atob) return;
    var name = decodeURIComponent(link.getAttribute('href').split('/').pop());
    var button = element('button', { type: 'button', class: 'button', id: 'sb-download-filled' }, strings.download_filled);
    var status = element('p', { class: 'download-status', role: 'status' });
    link.parentNode.insertBefore(button, link);
    link.parentNode.insertAdjacentElement('afterend', status);
    var load = function () {
      return new Promise(function (resolve, reject) {
        var have = (window.stepbookChecklists || {})[name];
        if (have) return resolve(have);
        var tag = document.createElement('script');
        tag.src = link.href + '.js';
        tag.onload = function () {
          var facts = (window.stepbookChecklists || {})[name];
          if (facts) resolve(facts);
          else reject(new Error('no checklist data in ' + tag.src));
        };
        tag.onerror = function () { reject(new Error('cannot load ' + tag.src)); };
        document.head.appendChild(tag);
      });
    };
    button.addEventListener('click', function () {
      load().then(function (facts) {
        var values = { text: {}, done: [], choices: {} };
        fieldInputs.forEach(function (input) {
          if (input.type !== 'checkbox') values.text[input.name] = input.value;
        });
        document.querySelectorAll('input.step-check:checked').forEach(function (box) {
          values.done.push(box.id.replace(/^sb-done-/, ''));
        });
        document.querySelectorAll('input[type="radio"][name^="sb-choice-"]:checked').forEach(function (radio) {
          values.choices['choice:' + radio.name.replace(/^sb-choice-/, '')] = radio.value;
        });
        var bytes = fillChecklist(facts, values, function (eori) { return normaliseEori(eori, config.eori); });
        var url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
        var save = element('a', { href: url, download: name.replace(/\.pdf$/, '') + '-filled.pdf' });
        document.body.appendChild(save);
        save.click();
        save.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
        say(status, strings.download_done);
      }).catch(function (error) {
        say(status, strings.download_failed);
        if (window.console) console.warn(error);
      });
    });
  }

  setUpFields();
  setUpEori();
  setUpEmails();
  setUpChecklist();
  setUpDownload();
  setUpSearch();
  setUpFilter();
  setUpNav();
})();

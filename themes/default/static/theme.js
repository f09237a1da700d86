/* theme.js: the reader's choice of light or dark colours, applied before the page is first
 * drawn (so a dark page does not flash light). Loaded without `defer` in <head>; the toggle
 * itself is made by stepbook.js, which keeps the choice under the same key: the site root
 * (this script is <root>static/theme.js), as every value the page keeps. Without a kept choice,
 * or without localStorage, the stylesheet follows the system's setting (prefers-color-scheme).
 */
(function () {
  'use strict';
  try {
    var root = new URL('../', document.currentScript.src).href;
    var theme = JSON.parse(window.localStorage.getItem('stepbook:' + root + ':theme'));
    if (theme === 'light' || theme === 'dark') document.documentElement.setAttribute('data-theme', theme);
  } catch (e) { /* nothing kept, or storage is off: follow the system */ }
})();

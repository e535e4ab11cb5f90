// Progressive enhancement on top of htmx. Without JavaScript the page is a plain form.
document.documentElement.classList.add('js');

(function () {
  'use strict';
  var LOADING_DELAY_MS = 300;
  var loadingTimer = null;
  var before = null;

  function indicatorText(text) {
    var el = document.querySelector('#search-indicator .search-indicator__text');
    if (el && el.textContent !== text) el.textContent = text;
  }

  // "Back to search" on a record returns to the search the reader came from (kept for
  // this tab only); without JavaScript it goes to the empty search.
  var SEARCH_KEY = 'omradeloft:last-search:' + (location.pathname.indexOf('/en/') === 0 ? 'en' : 'nb');
  function rememberSearch() {
    try { sessionStorage.setItem(SEARCH_KEY, location.pathname + location.search); } catch (e) { /* storage off */ }
  }
  if (document.getElementById('search-form')) {
    rememberSearch();
    document.addEventListener('htmx:pushedIntoHistory', rememberSearch);
    document.addEventListener('htmx:replacedInHistory', rememberSearch);
  }
  document.querySelectorAll('a[data-back-to-search]').forEach(function (a) {
    var saved = null;
    try { saved = sessionStorage.getItem(SEARCH_KEY); } catch (e) { /* storage off */ }
    if (saved && saved.indexOf('?') > 0 && saved.split('?')[0] === a.getAttribute('href')) a.setAttribute('href', saved);
  });

  // Empty fields (no query, no years, the default order) stay out of the URL that is
  // pushed and shared. The server treats a missing and an empty parameter alike.
  document.addEventListener('htmx:configRequest', function (e) {
    var params = e.detail.parameters;
    if (!params || typeof params.getAll !== 'function') return;
    ['q', 'from', 'to', 'sort'].forEach(function (name) {
      var values = params.getAll(name);
      if (values.length && values.every(function (v) { return String(v).trim() === ''; })) params.delete(name);
    });
  });

  // The loading state, announced by the #search-indicator status region: only when a
  // request takes a moment, so quick typing does not make screen readers chatter.
  document.addEventListener('htmx:beforeRequest', function () {
    var indicator = document.getElementById('search-indicator');
    if (!indicator) return;
    clearTimeout(loadingTimer);
    loadingTimer = setTimeout(function () {
      indicatorText(indicator.getAttribute('data-loading-text') || '');
    }, LOADING_DELAY_MS);
  });
  document.addEventListener('htmx:afterRequest', function () {
    clearTimeout(loadingTimer);
    indicatorText('');
  });

  // Before #results is replaced: remember where focus was and which "show more" lists
  // were open. htmx itself moves focus to the element with the same id afterwards.
  document.addEventListener('htmx:beforeSwap', function (e) {
    var results = document.getElementById('results');
    if (!results || e.detail.target !== results) return;
    var active = document.activeElement;
    var chips = Array.prototype.slice.call(results.querySelectorAll('.chips .ds-chip'));
    before = {
      focusId: active && results.contains(active) ? active.id : '',
      inResults: Boolean(active && results.contains(active)),
      chipIndex: chips.indexOf(active),
      open: Array.prototype.map.call(results.querySelectorAll('details[open][id]'), function (d) { return d.id; }),
      scrollY: window.scrollY,
    };
  });

  /** Scrolls the least needed to show `el` when the swap left it outside the view. */
  function reveal(el) {
    var r = el.getBoundingClientRect();
    if (r.bottom < 0 || r.top > window.innerHeight) el.scrollIntoView({ block: 'nearest' });
  }

  document.addEventListener('htmx:afterSwap', function (e) {
    if (!before || !e.target || e.target.id !== 'results') return;
    var state = before;
    before = null;
    state.open.forEach(function (id) {
      var d = document.getElementById(id);
      if (d) d.open = true;
    });
    // The view stays where the reader was (the new region may be taller or shorter).
    window.scrollTo(window.scrollX, state.scrollY);
    if (!state.inResults) return;
    var focused = document.activeElement;
    if (focused && focused !== document.body && document.getElementById('results').contains(focused)) {
      reveal(focused);
      return;
    }
    // The element the user was on still exists but was hidden in a closed list: open it.
    var same = state.focusId && document.getElementById(state.focusId);
    if (same) {
      var details = same.closest('details');
      if (details) details.open = true;
      same.focus({ preventScroll: true });
      if (document.activeElement === same) {
        reveal(same);
        return;
      }
    }
    // A removed chip: go to the chip now in its place, else to the results heading
    // (also after "clear all" and a page change, so keyboard users start at the results).
    var chips = document.querySelectorAll('#results .chips .ds-chip');
    var target = state.chipIndex >= 0 && chips.length ? chips[Math.min(state.chipIndex, chips.length - 1)] : document.getElementById('results-heading');
    if (target) target.focus();
  });
})();

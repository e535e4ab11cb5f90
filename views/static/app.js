// Progressive enhancement on top of htmx. Without JavaScript the page is a plain form.

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

  // What each text field held when the last request left: a field that holds something
  // else when the answer arrives was typed in meanwhile, and keeps what was typed.
  var sentValues = {};
  function textFields(root) {
    return root ? Array.prototype.slice.call(root.querySelectorAll('input[type=text], input[type=search], input:not([type])')) : [];
  }

  // Filters are a disclosure on narrow screens (closed, so the results come first); on
  // wide ones they are always open. CSS shows them without JavaScript too.
  var wide = window.matchMedia ? window.matchMedia('(min-width: 48.01rem)') : null;
  function openFiltersIfWide() {
    var filters = document.getElementById('filters');
    if (filters && wide && wide.matches && !filters.open) filters.open = true;
  }
  openFiltersIfWide();
  if (wide && wide.addEventListener) wide.addEventListener('change', openFiltersIfWide);

  // The loading state, announced by the #search-indicator status region: only when a
  // request takes a moment, so quick typing does not make screen readers chatter.
  document.addEventListener('htmx:beforeRequest', function () {
    sentValues = {};
    textFields(document.getElementById('results')).forEach(function (input) {
      if (input.id) sentValues[input.id] = input.value;
    });
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

  // Requests are queued, never aborted (hx-sync "queue last": an aborted request is an
  // error in the console). An answer is dropped when the reader has asked for something
  // newer since it left: that request follows, and swapping the stale answer in first
  // would undo the reader's newest choice (a box ticked meanwhile would come back empty,
  // and the queued request would read the form without it).
  var attempts = 0;
  document.addEventListener('htmx:confirm', function () { attempts++; });
  document.addEventListener('htmx:beforeRequest', function (e) {
    if (e.detail.xhr) e.detail.xhr.omradeloftAttempt = attempts;
  });

  // Before #results is replaced: remember where focus was and which "show more" lists
  // were open. htmx itself moves focus to the element with the same id afterwards.
  document.addEventListener('htmx:beforeSwap', function (e) {
    var results = document.getElementById('results');
    if (!results || e.detail.target !== results) return;
    if (e.detail.xhr && e.detail.xhr.omradeloftAttempt < attempts) {
      e.detail.shouldSwap = false;
      return;
    }
    var active = document.activeElement;
    var chips = Array.prototype.slice.call(results.querySelectorAll('.chips .ds-chip'));
    var typing = active && results.contains(active) && textFields(results).indexOf(active) >= 0;
    before = {
      typed: typing && active.id ? { id: active.id, value: active.value, start: active.selectionStart, end: active.selectionEnd } : null,
      focusId: active && results.contains(active) ? active.id : '',
      inResults: Boolean(active && results.contains(active)),
      chipIndex: chips.indexOf(active),
      spot: active && results.contains(active) && !active.id && !active.hasAttribute('hx-get') ? spotOf(active, results) : null,
      open: Array.prototype.map.call(results.querySelectorAll('details[open][id]'), function (d) { return d.id; }),
      scrollY: window.scrollY,
    };
  });

  /**
   * The field being typed in was replaced by the answer to a request sent before the
   * last keystrokes: put back what was typed (and the caret), and make sure the search
   * hears about it when the reader leaves the field, as it would have without the swap.
   */
  function keepTyping(typed) {
    if (!typed) return;
    var field = document.getElementById(typed.id);
    if (!field || field.value === typed.value) return;
    var sent = Object.prototype.hasOwnProperty.call(sentValues, typed.id) ? sentValues[typed.id] : field.defaultValue;
    if (typed.value === sent) return; // nothing typed since: the answer's value stands
    field.value = typed.value;
    if (document.activeElement !== field) field.focus({ preventScroll: true });
    try { field.setSelectionRange(typed.start, typed.end); } catch (e) { /* not a text field */ }
    var changed = false;
    field.addEventListener('change', function () { changed = true; }, { once: true });
    field.addEventListener('blur', function () {
      if (!changed && field.value !== field.defaultValue) field.dispatchEvent(new Event('change', { bubbles: true }));
    }, { once: true });
  }

  /**
   * Where an element without an id sits (a "skip to results" link, a "what do these
   * mean" summary): its nearest ancestor with an id and its place among that ancestor's
   * elements of the same tag and class, so a swap that arrives while the reader is on it
   * puts focus back on its twin instead of sending it elsewhere. Links that change the
   * search (chips, paging) are left out: after those, focus goes to the results.
   */
  function spotOf(el, root) {
    var anchor = el.parentElement;
    while (anchor && anchor !== root && !anchor.id) anchor = anchor.parentElement;
    if (!anchor || !anchor.id) return null;
    var selector = el.tagName.toLowerCase() + Array.prototype.map.call(el.classList, function (c) { return '.' + CSS.escape(c); }).join('');
    return { anchor: anchor.id, selector: selector, index: Array.prototype.indexOf.call(anchor.querySelectorAll(selector), el) };
  }

  function findSpot(spot) {
    var anchor = spot && document.getElementById(spot.anchor);
    return anchor ? anchor.querySelectorAll(spot.selector)[spot.index] || null : null;
  }

  /** Scrolls the least needed to show `el` when the swap left it outside the view. */
  function reveal(el) {
    var r = el.getBoundingClientRect();
    if (r.top < 0 || r.bottom > window.innerHeight) el.scrollIntoView({ block: 'nearest' });
  }

  document.addEventListener('htmx:afterSwap', function (e) {
    if (!before || !e.target || e.target.id !== 'results') return;
    var state = before;
    before = null;
    state.open.forEach(function (id) {
      var d = document.getElementById(id);
      if (d) d.open = true;
    });
    openFiltersIfWide();
    keepTyping(state.typed);
    // The view stays where the reader was (the new region may be taller or shorter).
    window.scrollTo(window.scrollX, state.scrollY);
    if (!state.inResults) return;
    var focused = document.activeElement;
    if (focused && focused !== document.body && document.getElementById('results').contains(focused)) {
      reveal(focused);
      // A field that came back invalid: its message (just below it) is shown too.
      var message = focused.getAttribute('aria-invalid') === 'true' && document.getElementById(focused.getAttribute('aria-describedby') || '');
      if (message) reveal(message);
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
    var twin = findSpot(state.spot);
    if (twin) {
      twin.focus({ preventScroll: true });
      if (document.activeElement === twin) {
        reveal(twin);
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

// The search page: finds the words of the query in the index that search-index.js sets
// (window.boardpackSearch, written by boardpack's site/search.rs) and lists the documents
// holding every one, best first. Nothing is fetched, so it works opened from disk, and
// results are built as text nodes, so no title can inject markup.
(function () {
  'use strict';
  var index = window.boardpackSearch;
  var form = document.getElementById('search-form');
  var input = document.getElementById('search-query');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var fallback = document.getElementById('search-without-script');
  if (!index || !form || !input || !status || !list) return;
  if (fallback) fallback.hidden = true;

  var LIMIT = 100;
  var WEIGHTS = [10, 4, 1]; // title, keywords, body: as site/search.rs orders its fields
  var stop = new Set(index.stop);

  // Splits as tokens.rs does: lower case and without accents ("café", "cafe\u0301" and
  // "İlker" as "cafe" and "ilker"), runs of letters and digits (Unicode's Alphabetic and
  // Number, as Rust's char::is_alphanumeric), one letter alone dropped (one digit kept),
  // common words dropped.
  function words(text) {
    return text
      .toLowerCase()
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .normalize("NFC")
      .split(/[^\p{Alphabetic}\p{N}]+/u)
      .filter(function (w) {
        return ([...w].length > 1 || /\p{N}/u.test(w)) && !stop.has(w);
      });
  }

  // Whether `a` sorts before `b` in the word list's order: by code point, as boardpack
  // sorts it. JavaScript's `<` compares UTF-16 units, which put a letter past U+FFFF (a
  // surrogate pair, 𝐛) before one in U+E000-U+FFFF (ｘ), and the bisection then missed
  // words in a list holding both.
  function before(a, b) {
    var n = Math.min(a.length, b.length);
    for (var i = 0; i < n; i++) {
      var x = a.charCodeAt(i);
      var y = b.charCodeAt(i);
      if (x === y) continue;
      var xPair = x >= 0xd800 && x <= 0xdfff;
      var yPair = y >= 0xd800 && y <= 0xdfff;
      return xPair === yPair ? x < y : yPair;
    }
    return a.length < b.length;
  }

  // The first index in the sorted word list at or after `word`.
  function lowerBound(word) {
    var low = 0;
    var high = index.words.length;
    while (low < high) {
      var mid = (low + high) >>> 1;
      if (before(index.words[mid], word)) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  // Documents holding a word that `term` begins, each with its best score for the term.
  function matches(term) {
    var scores = new Map();
    for (var i = lowerBound(term); i < index.words.length && index.words[i].startsWith(term); i++) {
      var exact = index.words[i] === term ? 2 : 1;
      var hits = index.hits[i];
      var value = 0;
      for (var k = 0; k < hits.length; k++) {
        value += hits[k];
        var doc = Math.floor(value / index.fields);
        var score = WEIGHTS[value % index.fields] * exact;
        if (!(scores.get(doc) >= score)) scores.set(doc, score);
      }
    }
    return scores;
  }

  function search(query) {
    var terms = Array.from(new Set(words(query)));
    if (!terms.length) return null;
    var total = null;
    terms.forEach(function (term) {
      var found = matches(term);
      if (total === null) {
        total = found;
        return;
      }
      var both = new Map();
      total.forEach(function (score, doc) {
        if (found.has(doc)) both.set(doc, score + found.get(doc));
      });
      total = both;
    });
    return Array.from(total.entries()).sort(function (a, b) {
      return b[1] - a[1] || index.docs[a[0]][1].localeCompare(index.docs[b[0]][1]);
    });
  }

  function show(query) {
    var results = search(query);
    list.textContent = '';
    if (results === null) {
      status.textContent = query.trim() ? 'Type a longer word to search.' : '';
      return;
    }
    results.slice(0, LIMIT).forEach(function (result) {
      var doc = index.docs[result[0]];
      var item = document.createElement('li');
      var link = document.createElement('a');
      link.href = doc[2];
      link.textContent = doc[1];
      var about = document.createElement('span');
      about.className = 'search-about';
      about.textContent = doc[3] ? doc[0] + ' · ' + doc[3] : doc[0];
      item.appendChild(link);
      item.appendChild(about);
      list.appendChild(item);
    });
    var count = results.length;
    // Grouped as the pages write counts: 1,234 results.
    var words = count === 1 ? '1 result' : count.toLocaleString('en-GB') + ' results';
    status.textContent =
      (count === 0 ? 'No results' : words) + ' for “' + query.trim() + '”' +
      (count > LIMIT ? '; the first ' + LIMIT + ' are shown, add a word to narrow them.' : '.');
  }

  // The query shown is kept in the address (?q=) and the title, so that Back from a result,
  // a reload or a bookmark brings the same results. replaceState adds no history entry; a
  // browser that refuses it (some do for file:// addresses, or when it is called very
  // often) leaves the address as it was.
  var pageTitle = document.title;
  // What follows the page's own name in its title: " · " and the report's title.
  var separator = pageTitle.indexOf(' · ');
  var titleEnd = separator < 0 ? '' : pageTitle.slice(separator);
  function remember(query) {
    var trimmed = query.trim();
    document.title = trimmed ? 'Search: ' + trimmed + titleEnd : pageTitle;
    try {
      var url = new URL(window.location.href);
      if ((url.searchParams.get('q') || '') === trimmed) return;
      if (trimmed) url.searchParams.set('q', trimmed);
      else url.searchParams.delete('q');
      window.history.replaceState(window.history.state, '', url.href);
    } catch (e) {
      // The address stays as it was; the results are shown all the same.
    }
  }

  var timer = null;
  input.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      show(input.value);
      remember(input.value);
    }, 150);
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    clearTimeout(timer);
    show(input.value);
    remember(input.value);
  });
  var query = new URLSearchParams(window.location.search).get('q');
  if (query) {
    input.value = query;
    show(query);
    remember(query);
  }
})();

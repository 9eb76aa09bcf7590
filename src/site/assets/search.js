// Search over window.RULEDEX_SEARCH (search-index.js): every word must occur in
// a rule's name or search words; rules whose name matches come first.
// Results are built with textContent only: rule text never becomes markup.
(function () {
  'use strict';
  var rows = window.RULEDEX_SEARCH || [];
  var input = document.getElementById('q');
  var list = document.getElementById('results');
  var status = document.getElementById('search-status');
  if (!input || !list || !status) return;
  var names = rows.map(function (row) { return row[0].toLowerCase(); });
  var texts = rows.map(function (row, i) { return names[i] + ' ' + (row[2] + ' ' + row[3] + ' ' + row[4]).toLowerCase(); });
  var limit = 200;

  function containsAll(text, words) {
    for (var w = 0; w < words.length; w++) if (text.indexOf(words[w]) < 0) return false;
    return true;
  }

  function show(i) {
    var item = document.createElement('li');
    var link = document.createElement('a');
    link.href = rows[i][1];
    link.textContent = rows[i][0];
    item.appendChild(link);
    var meta = document.createElement('span');
    meta.className = 'meta';
    meta.textContent = ' ' + rows[i][2] + (rows[i][3] ? ' · ' + rows[i][3] : '');
    item.appendChild(meta);
    list.appendChild(item);
  }

  function run() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    list.textContent = '';
    if (words.length === 0) {
      status.textContent = rows.length + ' rules indexed.';
      return;
    }
    var byName = [], byText = [];
    for (var i = 0; i < rows.length; i++) {
      if (containsAll(names[i], words)) byName.push(i);
      else if (containsAll(texts[i], words)) byText.push(i);
    }
    var found = byName.concat(byText);
    found.slice(0, limit).forEach(show);
    status.textContent = found.length + (found.length === 1 ? ' matching rule' : ' matching rules') +
        (found.length > limit ? ', the first ' + limit + ' shown.' : '.');
  }

  input.addEventListener('input', run);
  var query = new URLSearchParams(window.location.search).get('q');
  if (query) input.value = query;
  run();
})();

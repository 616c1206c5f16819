// Filters the report's rows in place. Finding data comes from the JSON data block and is only ever
// compared or written with textContent: nothing from the database is parsed as markup.
(() => {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var text = document.getElementById('filter-text');
  var kind = document.getElementById('filter-kind');
  var status = document.getElementById('filter-status');
  var rows = Array.prototype.slice.call(document.querySelectorAll('tr[data-row]'));
  var jobGroups = Array.prototype.slice.call(document.querySelectorAll('tbody[data-job]'));
  var kindSections = Array.prototype.slice.call(document.querySelectorAll('section[data-kind]'));
  var shownCells = Array.prototype.slice.call(document.querySelectorAll('[data-shown-by]'));

  function matches(finding, words) {
    if (kind.value && finding.kind !== kind.value) return false;
    if (status.value && finding.status !== status.value) return false;
    return words.every((word) => finding.text.indexOf(word) !== -1);
  }

  function apply() {
    var words = text.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = { total: {}, kind: {}, severity: {}, status: {} };
    rows.forEach((row) => {
      var finding = data.findings[Number(row.getAttribute('data-row'))];
      var visible = matches(finding, words);
      row.hidden = !visible;
      if (!visible) return;
      shown.total.all = (shown.total.all || 0) + 1;
      ['kind', 'severity', 'status'].forEach((by) => {
        shown[by][finding[by]] = (shown[by][finding[by]] || 0) + 1;
      });
    });
    jobGroups.forEach((group) => {
      group.hidden = !group.querySelector('tr[data-row]:not([hidden])');
    });
    kindSections.forEach((section) => {
      section.hidden = !section.querySelector('tr[data-row]:not([hidden])');
    });
    shownCells.forEach((cell) => {
      var counts = shown[cell.getAttribute('data-shown-by')] || {};
      cell.textContent = String(counts[cell.getAttribute('data-shown-value')] || 0);
    });
    document.getElementById('no-match').hidden = (shown.total.all || 0) > 0;
  }

  text.addEventListener('input', apply);
  kind.addEventListener('change', apply);
  status.addEventListener('change', apply);
  apply();
})();

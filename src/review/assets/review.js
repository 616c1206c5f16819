// The review app's only script, served from its own origin (CSP script-src 'self'). It adds keys and
// changes no markup the server did not send: j/k move between rows, Enter opens, a/r/o decide, n goes
// to the note, 1-9 use a saved note, x selects, ? shows the keys. Filters apply only with Enter or the
// button (never on an arrow key), and a decision button cannot be pressed twice while it is under way.

const typing = (el) => el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

function rows() {
  return [...document.querySelectorAll('tr[data-item]')];
}

function current() {
  return document.querySelector('tr[data-item].current');
}

function setCurrent(row) {
  for (const r of document.querySelectorAll('tr.current')) r.classList.remove('current');
  if (!row) return;
  row.classList.add('current');
  row.querySelector('a.open')?.focus();
  row.scrollIntoView({ block: 'nearest' });
}

function move(step) {
  const all = rows();
  if (all.length === 0) return;
  const at = all.indexOf(current());
  setCurrent(all[Math.min(all.length - 1, Math.max(0, at < 0 ? 0 : at + step))]);
}

/** Decide the current row (the list) or the page's item (a finding or group page). */
function decide(verb) {
  const row = current();
  const button = row
    ? row.querySelector(`button[data-decide="${verb}"]`)
    : document.querySelector(`form.decide button[value="${verb}"]`);
  button?.click();
}

function note() {
  const row = current();
  const field = row ? row.querySelector('input.row-note') : document.getElementById('note');
  if (row) row.querySelector('details.expand')?.setAttribute('open', '');
  field?.focus();
}

function savedNote(n) {
  const button = document.querySelector(`button.saved-note[data-key="${n}"]`);
  button?.click();
}

const KEYS = {
  j: () => move(1),
  k: () => move(-1),
  a: () => decide('ack'),
  r: () => decide('resolve'),
  o: () => decide('reopen'),
  n: note,
  x: () => current()?.querySelector('input[type="checkbox"]')?.click(),
  '?': () => {
    const keys = document.getElementById('keys');
    if (keys) keys.open = !keys.open;
    keys?.querySelector('summary')?.focus();
  },
};

function onKey(event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.key === 'Escape' && typing(document.activeElement)) {
    document.activeElement.blur();
    return;
  }
  if (typing(event.target)) return;
  const action = KEYS[event.key] ?? (/^[1-9]$/.test(event.key) ? () => savedNote(event.key) : null);
  if (!action) return;
  event.preventDefault();
  action();
}

function start() {
  document.addEventListener('keydown', onKey);
  // Enter on a filter select applies the filter; arrow keys only change the choice.
  for (const select of document.querySelectorAll('form.filters select')) {
    select.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') select.form.requestSubmit();
    });
  }
  for (const button of document.querySelectorAll('button.saved-note')) {
    button.addEventListener('click', () => {
      const field = document.getElementById('note');
      if (field) field.value = button.dataset.note;
    });
  }
  for (const form of document.querySelectorAll('form[method="post"]')) {
    form.addEventListener('submit', () => {
      setTimeout(() => {
        for (const button of form.querySelectorAll('button')) button.disabled = true;
      }, 0);
    });
  }
  // Arriving at #item-N (back to the list): that row is the current one.
  const target = location.hash.startsWith('#item-') && document.getElementById(location.hash.slice(1));
  if (target) setCurrent(target);
}

document.addEventListener('DOMContentLoaded', start);

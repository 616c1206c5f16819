/** util/terminal.ts: control characters escaped, tables fitted to a width, nothing cut without a width. */
import test from 'ava';
import { displayWidth, escapeControl, fitWidths, shorten, textTable } from '../../src/util/terminal.ts';

test('control characters are shown escaped, never raw', (t) => {
  t.is(escapeControl('job_\x1b]0;PWNED\x07\x1b[2J'), 'job_\\x1b]0;PWNED\\x07\\x1b[2J');
  t.is(escapeControl('a\nb\tc\rd\x00\x7f\x9b'), 'a\\nb\\tc\\rd\\x00\\x7f\\x9b');
  t.is(escapeControl('evil\u202etxt.exe\u200b'), 'evil\\u202etxt.exe\\u200b');
  t.is(escapeControl('plain ünïcödé 木 text'), 'plain ünïcödé 木 text');
});

test('a table fitted to a width has no line wider than it, and every cell is escaped', (t) => {
  const rows = [
    ['F0123456789abcdef', 'job_\x1b[2J'.padEnd(80, 'x'), 'a summary '.repeat(20)],
    ['F1', 'job_2', 'short'],
  ];
  for (const width of [60, 80, 100, 120]) {
    const text = textTable(['id', 'job', 'summary'], rows, { width, fit: ['keep', 'shorten', 'wrap'] });
    const widest = Math.max(...text.split('\n').map(displayWidth));
    t.true(widest <= width, `width ${width}: a line of ${widest}`);
    t.false(text.includes('\x1b'));
    t.true(text.includes('F0123456789abcdef'), 'the kept column is whole');
    t.true(text.includes('…'), 'the long job was shortened with an ellipsis');
  }
});

test('without a width every value is whole, however long', (t) => {
  const long = 'x'.repeat(300);
  const text = textTable(['a', 'b'], [[long, 'y']]);
  t.true(text.includes(long));
  t.false(text.includes('…'));
});

test('columns that fit keep their width; the widest are capped first', (t) => {
  // Borders and padding of three columns take 10; 50 leaves 40 for content.
  t.deepEqual(fitWidths([['aaaa', 'b'.repeat(30), 'c'.repeat(30)]], 50), [6, 20, 20]);
  t.deepEqual(fitWidths([['aaaa', 'bb', 'cc']], 50), [6, 4, 4]);
});

test('shorten cuts by display width and marks the cut', (t) => {
  t.is(shorten('abcdef', 4), 'abc…');
  t.is(shorten('abc', 4), 'abc');
  t.is(shorten('木木木木', 5), '木木…');
  t.is(displayWidth('木a'), 3);
});

test('a table too wide to read as one becomes one record per row, each line within the width', (t) => {
  const head = Array.from({ length: 15 }, (_, i) => `column_${i}`);
  const rows = [head.map((_, i) => `value ${i} `.repeat(i + 1))];
  const text = textTable(head, rows, { width: 60 });
  const lines = text.split('\n');
  t.regex(lines[0]!, /^-\[ RECORD 1 \]-+$/);
  t.is(lines.length, 16);
  t.regex(lines[1]!, /^column_0 +│ value 0 $/);
  t.true(lines.every((line) => displayWidth(line) <= 60));
});

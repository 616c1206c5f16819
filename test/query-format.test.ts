import test from 'ava';
import { cellText, createFormatter, defaultFormat, type Format } from '../src/query/format.ts';
import { loadPreset, parsePreset, UnknownPresetError } from '../src/query/presets.ts';
import { isoLocalTimestamp, isoTimestamp } from '../src/query/values.ts';

const COLUMNS = ['job_id', 'payload', 'bytes', 'note'];
const PAGES: unknown[][][] = [
  [['job_1', { a: [1, 'x'] }, '12', null]],
  [['job_"2"', [], '9007199254740993', 'line one\nline, two']],
];

function render(format: Format, pages: unknown[][][] = PAGES): string {
  const f = createFormatter(format);
  return f.begin(COLUMNS) + pages.map((p) => f.page(p)).join('') + f.end();
}

test('json is one array of objects, whatever the paging', (t) => {
  const text = render('json');
  t.deepEqual(JSON.parse(text), [
    { job_id: 'job_1', payload: { a: [1, 'x'] }, bytes: '12', note: null },
    { job_id: 'job_"2"', payload: [], bytes: '9007199254740993', note: 'line one\nline, two' },
  ]);
  t.is(render('json', [PAGES.flat()]), text);
  t.deepEqual(JSON.parse(render('json', [])), []);
});

test('ndjson is one object per line', (t) => {
  const lines = render('ndjson').trimEnd().split('\n');
  t.is(lines.length, 2);
  t.deepEqual(JSON.parse(lines[1]!), { job_id: 'job_"2"', payload: [], bytes: '9007199254740993', note: 'line one\nline, two' });
  t.is(render('ndjson', []), '');
});

test('csv has a header, quotes what needs quoting, JSON for objects and empty for NULL', (t) => {
  t.is(
    render('csv'),
    'job_id,payload,bytes,note\n' +
      'job_1,"{""a"":[1,""x""]}",12,\n' +
      '"job_""2""",[],9007199254740993,"line one\nline, two"\n',
  );
});

test('table shows every row and the count', (t) => {
  const text = render('table');
  t.regex(text, /job_id/);
  t.regex(text, /\{"a":\[1,"x"\]\}/);
  t.regex(text, /2 row\(s\)\n$/);
});

test('cellText and the default format', (t) => {
  t.is(cellText(null), '');
  t.is(cellText(true), 'true');
  t.is(cellText({ k: 1 }), '{"k":1}');
  t.is(defaultFormat(true), 'table');
  t.is(defaultFormat(false), 'json');
  t.is(defaultFormat(undefined), 'json');
});

test('timestamps become ISO-8601, keeping microseconds and offsets', (t) => {
  t.is(isoTimestamp('2023-06-22 15:05:44+00'), '2023-06-22T15:05:44Z');
  t.is(isoTimestamp('2023-06-22 15:05:44.123456+00'), '2023-06-22T15:05:44.123456Z');
  t.is(isoTimestamp('2023-06-22 10:05:44-05'), '2023-06-22T10:05:44-05:00');
  t.is(isoTimestamp('2023-06-22 20:35:44+05:30'), '2023-06-22T20:35:44+05:30');
  t.is(isoTimestamp('infinity'), 'infinity');
  t.is(isoLocalTimestamp('2023-06-22 15:05:44'), '2023-06-22T15:05:44');
});

test('a preset file: description from the first line, trailing semicolon dropped', (t) => {
  t.deepEqual(parsePreset('x', '-- Counts of things\nSELECT 1 WHERE $1::text IS NULL AND $2::text IS NULL;\n'), {
    name: 'x',
    description: 'Counts of things',
    sql: '-- Counts of things\nSELECT 1 WHERE $1::text IS NULL AND $2::text IS NULL',
  });
});

test('preset names never reach the file system as paths', (t) => {
  for (const name of ['../schema/001_core', '/etc/passwd', 'summary.sql', 'Summary', 'no-such-preset']) {
    const err = t.throws(() => loadPreset(name), { instanceOf: UnknownPresetError });
    t.regex(err!.message, /unknown preset .*presets: .*summary/);
  }
  t.is(loadPreset('summary').name, 'summary');
});

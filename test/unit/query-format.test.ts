import test from 'ava';
import { fc, testProp } from '@fast-check/ava';
import { cellText, createFormatter, defaultFormat, type Format } from '../../src/query/format.ts';
import { loadPreset, parsePreset, UnknownPresetError } from '../../src/query/presets.ts';
import { isoLocalTimestamp, isoTimestamp } from '../../src/query/values.ts';

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
  t.deepEqual(JSON.parse(lines[1]!), {
    job_id: 'job_"2"',
    payload: [],
    bytes: '9007199254740993',
    note: 'line one\nline, two',
  });
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

test('csv writes a formula as text, numbers (negative ones too) as they are', (t) => {
  const f = createFormatter('csv');
  const text =
    f.begin(['name', '=cmd']) +
    f.page([
      ['=HYPERLINK("http://evil.example","x")', -12.5],
      ['@SUM(A1)', '+1'],
      ['\tx', '-1+2'],
    ]) +
    f.end();
  t.is(text, `name,'=cmd\n"'=HYPERLINK(""http://evil.example"",""x"")",-12.5\n'@SUM(A1),+1\n'\tx,'-1+2\n`);
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
  t.deepEqual(
    parsePreset('x', '-- Counts of things\nSELECT 1 WHERE $1::text IS NULL AND $2::text IS NULL;\n'),
    {
      name: 'x',
      description: 'Counts of things',
      sql: '-- Counts of things\nSELECT 1 WHERE $1::text IS NULL AND $2::text IS NULL',
    },
  );
});

test('preset names never reach the file system as paths', (t) => {
  for (const name of ['../schema/001_core', '/etc/passwd', 'summary.sql', 'Summary', 'no-such-preset']) {
    const err = t.throws(() => loadPreset(name), { instanceOf: UnknownPresetError });
    t.regex(err!.message, /unknown preset .*presets: .*summary/);
  }
  t.is(loadPreset('summary').name, 'summary');
});

/** What json and ndjson must write, byte for byte: JSON.stringify of each row as an object. */
function rowObject(columns: string[], row: unknown[]): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [i, name] of columns.entries()) object[name] = row[i] ?? null;
  return object;
}

// Column names that JavaScript objects treat specially (index-like names sort first, __proto__ is
// not an own key, a repeated name keeps its first place) next to ordinary ones.
const columnName = fc.oneof(
  fc.string(),
  fc.constantFrom(
    'job_id',
    'a',
    'b',
    '0',
    '1',
    '10',
    '4294967295',
    '-1',
    '01',
    '__proto__',
    'toJSON',
    'constructor',
    '',
  ),
);
// The values a preset row holds: text (escapes, unpaired surrogates included), numbers (with -0,
// NaN, infinities, which JSON writes as 0 and null), booleans, NULL, and jsonb parsed to JS values.
const cellValue = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.string(),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.jsonValue(),
);

/** Column names, then pages of rows with one value per column. */
const pagedRows = fc.array(columnName, { maxLength: 8 }).chain((columns) =>
  fc.tuple(
    fc.constant(columns),
    fc.array(
      fc.array(fc.array(cellValue, { minLength: columns.length, maxLength: columns.length }), {
        maxLength: 4,
      }),
      { maxLength: 4 },
    ),
  ),
);

testProp(
  'property: json and ndjson write exactly JSON.stringify of each row object, whatever the columns, values and paging',
  [pagedRows],
  (t, [columns, pages]) => {
    const objects = pages.flat().map((row) => JSON.stringify(rowObject(columns, row)));
    const json = createFormatter('json');
    const ndjson = createFormatter('ndjson');
    const jsonText = json.begin(columns) + pages.map((p) => json.page(p)).join('') + json.end();
    const ndjsonText = ndjson.begin(columns) + pages.map((p) => ndjson.page(p)).join('') + ndjson.end();
    t.is(jsonText, objects.length === 0 ? '[]\n' : `[\n${objects.join(',\n')}\n]\n`);
    t.is(ndjsonText, objects.map((o) => `${o}\n`).join(''));
  },
  { numRuns: 3000 },
);

test('json: a value JSON leaves out of an object (a function) is left out here too', (t) => {
  const f = createFormatter('ndjson');
  f.begin(['a', 'b', 'c']);
  const line = f.page([
    ['x', () => 1, { toJSON: () => undefined }],
    ['y', 2, new Date(0)],
  ]);
  t.is(line, '{"a":"x"}\n{"a":"y","b":2,"c":"1970-01-01T00:00:00.000Z"}\n');
});

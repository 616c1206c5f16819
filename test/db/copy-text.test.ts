import test from 'ava';
import { fc, testProp } from '@fast-check/ava';
import { copyEncoder, copyField, copyLine, copyRows } from '../../src/db/copy.ts';
import { STAGING_TABLES } from '../../src/model/staging-tables.ts';
import { useTestDatabase } from '../helpers/db.ts';

const database = useTestDatabase(test, { migrate: false });

/**
 * A field of COPY ... FROM in PostgreSQL's text format, decoded the way the server does
 * (https://www.postgresql.org/docs/current/sql-copy.html, "Text Format"). null means SQL NULL.
 */
function decodeField(field: string): string | null {
  if (field === '\\N') return null;
  let out = '';
  for (let i = 0; i < field.length; i++) {
    const c = field[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = field[++i];
    if (next === undefined) throw new Error('field ends in a lone backslash');
    const simple: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
    if (next in simple) out += simple[next];
    else if (/[0-7]/.test(next)) {
      const octal = /^[0-7]{1,3}/.exec(field.slice(i))![0];
      out += String.fromCharCode(parseInt(octal, 8));
      i += octal.length - 1;
    } else if (next === 'x' && /^[0-9a-fA-F]/.test(field.slice(i + 1))) {
      const hex = /^[0-9a-fA-F]{1,2}/.exec(field.slice(i + 1))![0];
      out += String.fromCharCode(parseInt(hex, 16));
      i += hex.length;
    } else out += next; // any other escaped character stands for itself, backslash included
  }
  return out;
}

/** A COPY line back into its fields (delimiter tab, terminator newline). */
function decodeLine(line: string): Array<string | null> {
  if (!line.endsWith('\n')) throw new Error('line does not end in a newline');
  return line.slice(0, -1).split('\t').map(decodeField);
}

test('the decoder itself follows PostgreSQL text format', (t) => {
  t.is(decodeField('a\\\\b\\tc\\nd\\re'), 'a\\b\tc\nd\re');
  t.is(decodeField('\\101\\x42\\q'), 'ABq');
  t.is(decodeField('\\N'), null);
  t.is(decodeField('\\\\N'), '\\N');
});

test('copyField escapes backslash, tab, newline and carriage return', (t) => {
  t.is(copyField('back\\slash'), 'back\\\\slash');
  t.is(copyField('tab\there'), 'tab\\there');
  t.is(copyField('new\nline'), 'new\\nline');
  t.is(copyField('carriage\rreturn'), 'carriage\\rreturn');
  t.is(copyField('\\\t\n\r'), '\\\\\\t\\n\\r');
  t.is(copyField('plain text, "quotes" and \u00e9'), 'plain text, "quotes" and \u00e9');
  t.is(copyField(''), '');
});

test('copyField writes NULL as \\N, and the text "\\N" as data', (t) => {
  t.is(copyField(null), '\\N');
  t.is(copyField(undefined), '\\N');
  t.is(copyField(null, true), '\\N');
  t.is(copyField('\\N'), '\\\\N');
  t.is(decodeField(copyField('\\N')), '\\N');
  t.is(copyField('N'), 'N');
});

test('copyField writes booleans as t/f and numbers as digits', (t) => {
  t.is(copyField(true), 't');
  t.is(copyField(false), 'f');
  t.is(copyField(0), '0');
  t.is(copyField(42), '42');
  t.is(copyField(-3.25), '-3.25');
  t.is(copyField(9007199254740993n), '9007199254740993');
});

test('copyField json: values are written as JSON, so a JSON string is quoted', (t) => {
  t.is(copyField('hello', true), '"hello"');
  t.is(copyField('', true), '""');
  t.is(copyField(true, true), 'true');
  t.is(copyField(12, true), '12');
  t.is(copyField({ a: [1, 'x'] }, true), '{"a":[1,"x"]}');
  // JSON's own escapes survive COPY's: the backslash JSON writes is doubled once more.
  t.is(copyField({ text: 'line 1\nline 2\\' }, true), '{"text":"line 1\\\\nline 2\\\\\\\\"}');
  t.is(JSON.parse(decodeField(copyField({ text: 'a\tb\nc' }, true))!).text, 'a\tb\nc');
  // Objects outside json columns are JSON too.
  t.is(copyField({ a: 1 }), '{"a":1}');
});

test('copyLine: tab-separated fields in column order, newline-terminated; json columns as declared', (t) => {
  const row = {
    job_id: 'job_1',
    note: 'a\tb',
    meta: 'just a string',
    payload: { k: [1] },
    bytes: 10,
    ok: false,
    gone: null,
  };
  const columns = [
    'job_id',
    'note',
    { name: 'meta', json: true },
    { name: 'payload', json: true },
    'bytes',
    'ok',
    'gone',
    'absent',
  ];
  const line = copyLine(row, columns);
  t.is(line, 'job_1\ta\\tb\t"just a string"\t{"k":[1]}\t10\tf\t\\N\t\\N\n');
  t.deepEqual(decodeLine(line), ['job_1', 'a\tb', '"just a string"', '{"k":[1]}', '10', 'f', null, null]);
  t.is(copyEncoder(columns)(row), line);
  // A column not declared json keeps a string bare, whatever its name.
  t.is(copyLine({ status: 'ARCHIVED', meta: 'bare' }, ['status', 'meta']), 'ARCHIVED\tbare\n');
});

test('the staging tables encode exactly their jsonb columns as JSON', (t) => {
  for (const table of Object.values(STAGING_TABLES)) {
    for (const column of table.copyColumns)
      t.is(column.json, column.sql === 'jsonb', `${table.name}.${column.name}`);
  }
  const json = Object.values(STAGING_TABLES).flatMap((table) =>
    table.copyColumns.filter((c) => c.json).map((c) => `${table.name}.${c.name}`),
  );
  t.deepEqual(json.sort(), [
    'stg_finals.payload',
    'stg_findings.paths',
    'stg_findings.source_values',
    'stg_geojson.payload',
    'stg_images.meta',
    'stg_jobs.record',
    'stg_recordings.meta',
    'stg_rounds.manifest',
    'stg_rounds.review',
  ]);
});

testProp(
  'property: decoding copyField output gives back any string',
  [fc.string({ unit: 'binary' })],
  (t, s) => {
    const field = copyField(s);
    // One field on one line: no raw delimiter or line break survives.
    t.false(/[\t\n\r]/.test(field));
    t.is(decodeField(field), s);
  },
  { numRuns: 2000 },
);

// Strings made of the special characters alone, which random text rarely hits densely.
testProp(
  'property: decoding copyField output gives back strings dense in special characters',
  [fc.array(fc.constantFrom('\\', '\t', '\n', '\r', 'N', '.', 'x', '0', 'a')).map((cs) => cs.join(''))],
  (t, s) => {
    t.is(decodeField(copyField(s)), s);
  },
  { numRuns: 2000 },
);

const COLUMNS = ['a', 'b', 'c', 'd'];

testProp(
  'property: a copyLine of strings and nulls decodes to the same row',
  [fc.array(fc.option(fc.string({ unit: 'binary' }), { nil: null }), { minLength: 4, maxLength: 4 })],
  (t, values) => {
    const row = Object.fromEntries(COLUMNS.map((c, i) => [c, values[i]]));
    t.deepEqual(decodeLine(copyLine(row, COLUMNS)), values);
  },
  { numRuns: 1000 },
);

testProp(
  'property: a json column decodes to JSON equal to the value',
  [fc.jsonValue()],
  (t, value) => {
    const decoded = decodeField(copyField(value, true));
    if (value === null) return void t.is(decoded, null);
    t.not(decoded, null);
    t.is(JSON.stringify(JSON.parse(decoded!)), JSON.stringify(value));
  },
  { numRuns: 1000 },
);

test('copyField writes an array outside json columns as a text[] literal, every element quoted', (t) => {
  t.is(copyField([]), '{}');
  t.is(copyField(['round_1', 'round_2']), '{"round_1","round_2"}');
  t.is(
    copyField(['a,b', '{c}', 'NULL', 'say "hi"', 'back\\slash']),
    '{"a,b","{c}","NULL","say \\\\"hi\\\\"","back\\\\\\\\slash"}',
  );
});

test('property: a text[] written by copyRows reads back from PostgreSQL as the same array', async (t) => {
  const client = await database().pool.connect();
  try {
    await client.query('CREATE TEMP TABLE arrays (n int, a text[])');
    const samples = fc.sample(
      fc.array(
        fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('\0')),
        { maxLength: 5 },
      ),
      { numRuns: 300, seed: 7 },
    );
    samples.push(['', ' ', '"', '\\', '{', '}', ',', 'NULL', 'a\tb\nc']);
    await copyRows(
      client,
      'arrays',
      ['n', 'a'],
      samples.map((a, n) => ({ n, a })),
    );
    const { rows } = await client.query<{ n: number; a: string[] }>('SELECT n, a FROM arrays ORDER BY n');
    t.deepEqual(
      rows.map((r) => r.a),
      samples,
    );
  } finally {
    client.release();
  }
});

test('copyField writes bytes as bytea hex, its backslash escaped for COPY', (t) => {
  t.is(copyField(Buffer.from([0x00, 0x5c, 0xff])), '\\\\x005cff');
  t.is(decodeField(copyField(new Uint8Array([0x0a, 0x09]))), '\\x0a09');
  t.is(copyField(Buffer.alloc(0)), '\\\\x');
});

test('property: any bytes written by copyRows read back from a bytea column exactly', async (t) => {
  const client = await database().pool.connect();
  try {
    await client.query('CREATE TEMP TABLE blobs (n int, b bytea)');
    const samples = fc.sample(fc.uint8Array({ maxLength: 64 }), { numRuns: 200, seed: 11 });
    samples.push(
      Uint8Array.from({ length: 256 }, (_, i) => i),
      new Uint8Array(0),
    );
    // A view into a larger buffer: only its own bytes are written.
    samples.push(Buffer.from('xx{"a": 1.0}yy').subarray(2, 12));
    await copyRows(
      client,
      'blobs',
      ['n', 'b'],
      samples.map((b, n) => ({ n, b })),
    );
    const { rows } = await client.query<{ b: Buffer }>('SELECT b FROM blobs ORDER BY n');
    t.deepEqual(
      rows.map((r) => r.b.toString('hex')),
      samples.map((s) => Buffer.from(s).toString('hex')),
    );
  } finally {
    client.release();
  }
});

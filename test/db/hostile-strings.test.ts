/**
 * Strings through the real loader: what PostgreSQL cannot store (NUL, lone surrogates) is escaped
 * and flagged without failing anyone's batch, and everything else (COPY's own framing characters,
 * quotes, very long lines, any Unicode) reads back exactly as written.
 */
import { isDeepStrictEqual } from 'node:util';
import test from 'ava';
import fc from 'fast-check';
import { copyRows } from '../../src/db/copy.ts';
import { runImport } from '../../src/import/run.ts';
import { holds } from '../helpers/property.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { finalSnapshot, jobRecord, makeStore, validJob, writeJob } from '../helpers/hostile-store.ts';

/** The documented rule (README, "What happens to bad input"): each unstorable UTF-16 unit becomes its \uXXXX text. */
function documentedEscape(s: string): string {
  return s.replace(
    /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    (u) => '\\u' + u.charCodeAt(0).toString(16).padStart(4, '0'),
  );
}
const isStorable = (s: string) => documentedEscape(s) === s;

const framing = fc.constantFrom(
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\\',
  '\\N',
  '\\.',
  '"',
  "'",
  '\u0000',
  '\ud800',
  '\udfff',
  '\ud83d\ude00',
  '\u2028',
  '\b',
  '\f',
  'é',
  'Ω',
  '木',
  ' ',
  'a',
);
const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: anyUnit, maxLength: 60 }),
  fc.array(framing, { maxLength: 40 }).map((parts) => parts.join('')),
  // A very long line: up to 200,000 characters without a line break, or with framing characters in it.
  fc
    .tuple(
      fc.string({ unit: fc.oneof(framing, anyUnit), minLength: 1, maxLength: 4 }),
      fc.integer({ min: 1_000, max: 50_000 }),
    )
    .map(([s, n]) => s.repeat(n)),
);

let database: TestDatabase;
test.before(async () => {
  database = await createTestDatabase();
});
test.after.always(() => database?.drop());

test.serial(
  'NUL and lone surrogates in one job do not fail the batch: stored as escape text, flagged per field',
  async (t) => {
    const { root, cleanup } = await makeStore();
    t.teardown(cleanup);
    await writeJob(root, 'job_a_before', validJob('job_a_before', 'J0001'));
    await writeJob(root, 'job_b_unstorable', {
      ...validJob('job_b_unstorable', 'J0002'),
      'job_record.json': jobRecord('job_b_unstorable', 'J0002', {
        job_name: 'Oak\u0000Street',
        reason: 'half a pair \ud83d',
        'key\u0000nul': 'in a key',
      }),
      'final.json': finalSnapshot('job_b_unstorable', 'J0002', {
        transcript: 'lone low \udc00 and a real pair \ud83d\ude00',
      }),
    });
    await writeJob(root, 'job_c_after', validJob('job_c_after', 'J0003'));
    const summary = await runImport(database.pool, { jobsRoot: root, batchSize: 200 });
    t.is(summary.counts.jobs?.inserted, 3, 'one batch, nobody refused');

    const { rows } = await database.pool.query(
      "SELECT job_name, reason, record FROM jobs WHERE job_id = 'job_b_unstorable'",
    );
    t.is(rows[0].job_name, 'Oak\\u0000Street');
    t.is(rows[0].reason, 'half a pair \\ud83d');
    t.is(rows[0].record['key\\u0000nul'], 'in a key');
    const final = await database.pool.query(
      "SELECT payload->>'transcript' AS transcript FROM job_finals WHERE job_id = 'job_b_unstorable'",
    );
    t.is(final.rows[0].transcript, 'lone low \\udc00 and a real pair \ud83d\ude00');

    const issues = await database.pool.query(
      "SELECT path, pointer, message FROM import_issues WHERE job_id = 'job_b_unstorable' ORDER BY path, pointer",
    );
    t.deepEqual(
      issues.rows.map((r) => [r.path, r.pointer]),
      [
        ['job_b_unstorable/final.json', '/transcript'],
        ['job_b_unstorable/job_record.json', '/job_name'],
        ['job_b_unstorable/job_record.json', '/key\\u0000nul'],
        ['job_b_unstorable/job_record.json', '/reason'],
      ],
    );
    t.regex(
      issues.rows[1].message,
      /contains U\+0000 \(not storable in PostgreSQL\); stored escaped as \\u0000/,
    );
    const neighbours = await database.pool.query(
      "SELECT count(*)::int AS n FROM import_issues WHERE job_id IN ('job_a_before', 'job_c_after')",
    );
    t.is(neighbours.rows[0].n, 0);
  },
);

test.serial(
  'property: any string in record fields, a record key and a final transcript reads back exactly (or as the documented escape)',
  async (t) => {
    const { root, cleanup } = await makeStore();
    t.teardown(cleanup);
    let n = 0;
    await holds(
      t,
      fc.asyncProperty(
        fc.record({
          name: hostileString,
          reason: hostileString,
          key: hostileString,
          transcript: hostileString,
        }),
        async (s) => {
          const jobDir = `job_p${++n}`;
          await writeJob(root, jobDir, {
            'job_record.json': jobRecord(jobDir, `P${n}`, {
              job_name: s.name,
              reason: s.reason,
              location_notes: s.transcript,
              [`x_${s.key}`]: s.name,
            }),
            'final.json': finalSnapshot(jobDir, `P${n}`, { transcript: s.transcript }),
          });
          await runImport(database.pool, { jobsRoot: root, jobs: [jobDir] });
          const { rows } = await database.pool.query(
            `SELECT j.job_name, j.reason, j.location_notes, j.record, f.payload->>'transcript' AS transcript,
                (SELECT count(*)::int FROM import_issues i WHERE i.job_id = j.job_id) AS issues
         FROM jobs j JOIN job_finals f USING (job_id) WHERE j.job_id = $1`,
            [jobDir],
          );
          const row = rows[0];
          const column = (v: string) => (v === '' ? null : documentedEscape(v));
          const key = `x_${documentedEscape(s.key)}`;
          const unstorable = [s.name, s.reason, s.transcript, s.transcript, s.name, s.key].filter(
            (v) => !isStorable(v),
          ).length;
          return (
            row !== undefined &&
            row.job_name === column(s.name) &&
            row.reason === column(s.reason) &&
            row.location_notes === column(s.transcript) &&
            row.transcript === documentedEscape(s.transcript) &&
            row.record.job_name === documentedEscape(s.name) &&
            row.record[key] === documentedEscape(s.name) &&
            row.issues === unstorable
          );
        },
      ),
      { numRuns: 100, seed: 20240607, endOnFailure: true },
    );
  },
);

test.serial(
  'property: copyRows into a real table reads back any storable string and JSON value exactly',
  async (t) => {
    await database.pool.query('CREATE TABLE copy_roundtrip (i integer, t text, payload jsonb)');
    const storable = hostileString.map(documentedEscape).filter(isStorable);
    // Through JSON once, as a file would be: -0 is written as 0.
    const storableJson = fc
      .jsonValue({ maxDepth: 3 })
      .map((v) => JSON.parse(JSON.stringify(v)) as unknown)
      .filter((v) => isStorable(JSON.stringify(v)));
    await holds(
      t,
      fc.asyncProperty(
        fc.array(fc.tuple(fc.option(storable, { nil: null }), storableJson), { minLength: 1, maxLength: 20 }),
        async (values) => {
          const client = await database.pool.connect();
          try {
            await client.query('TRUNCATE copy_roundtrip');
            await copyRows(
              client,
              'copy_roundtrip',
              ['i', 't', { name: 'payload', json: true }],
              values.map(([text, json], i) => ({ i, t: text, payload: json })),
            );
            const { rows } = await client.query('SELECT t, payload FROM copy_roundtrip ORDER BY i');
            return (
              rows.length === values.length &&
              rows.every((r, i) => r.t === values[i]![0] && isDeepStrictEqual(r.payload, values[i]![1]))
            );
          } finally {
            client.release();
          }
        },
      ),
      { numRuns: 100, seed: 20240607, endOnFailure: true },
    );
  },
);

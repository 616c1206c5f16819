/**
 * Bad input, one job folder per case, all in one store and one import: every case is an issue row
 * naming its file and field, the job row is still there, and the other jobs land untouched.
 */
import { createHash } from 'node:crypto';
import { truncate } from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import { MAX_JSON_BYTES } from '../../src/legacy/parse-file.ts';
import { runImport, type ImportSummary } from '../../src/import/run.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import {
  finalSnapshot,
  imageMeta,
  jobRecord,
  makeStore,
  recordingMeta,
  validJob,
  writeJob,
  type JobFiles,
} from '../helpers/hostile-store.ts';

const FIFTY_MB = 50 * 1024 * 1024;
const BOM = Uint8Array.of(0xef, 0xbb, 0xbf);
const deep = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
const withFiles = (jobDir: string, n: string, files: JobFiles): JobFiles => ({
  ...validJob(jobDir, n),
  ...files,
});

const NULL_RECORD = Object.fromEntries(
  Object.keys(
    jobRecord('x', 'x', {
      reason: 'x',
      job_name: 'x',
      job_address: 'x',
      job_phone: 'x',
      contact_preference: 'x',
      billing_name: 'x',
      billing_address: 'x',
      billing_contact_name: 'x',
      location_notes: 'x',
    }),
  ).map((k) => [k, null]),
);
const DEEP_FINAL = `{"job_id":"job_deep","form":{"data":{"notes":${deep(10_000)}}}}`;

/** jobDir -> its files. job_control is the untouched neighbour every case is loaded next to. */
const CASES: Record<string, JobFiles> = {
  job_control: validJob('job_control', 'J0001'),
  job_truncated: withFiles('job_truncated', 'J0002', {
    'job_record.json': '{"job_id": "job_truncated", "job_number": "J00',
  }),
  job_empty: withFiles('job_empty', 'J0003', { 'final.json': '' }),
  job_bom: withFiles('job_bom', 'J0004', {
    'job_record.json': concat(BOM, new TextEncoder().encode(JSON.stringify(jobRecord('job_bom', 'J0004')))),
    'rounds/round_1/manifest.json': concat(
      BOM,
      new TextEncoder().encode(JSON.stringify(validJob('job_bom', 'J0004')['rounds/round_1/manifest.json'])),
    ),
  }),
  job_latin1: withFiles('job_latin1', 'J0005', {
    'sections/trunk/recordings/rec_1.meta.json': latin1(
      '{"recording_id": "rec_1", "section_id": "trunk", "caption": "caf\u00e9"}',
    ),
  }),
  job_wrong_top: withFiles('job_wrong_top', 'J0006', {
    'rounds/round_1/review.json': [1, 2, 3],
    'processed_artifacts.json': '"yes"',
    'sections/job_photos/images/img_1.meta.json': 42,
    'final.json': null,
  }),
  job_nulls: withFiles('job_nulls', 'J0007', {
    'job_record.json': NULL_RECORD,
    'final.json': Object.fromEntries(
      Object.keys(finalSnapshot('x', 'x', { profile: null, job_number: null })).map((k) => [k, null]),
    ),
    'sections/trunk/recordings/rec_1.meta.json': Object.fromEntries(
      Object.keys(recordingMeta('x')).map((k) => [k, null]),
    ),
    'rounds/round_1/manifest.json': [
      {
        artifact_id: null,
        section_id: null,
        client_order: null,
        kind: null,
        issue_id: null,
        recorded_at: null,
      },
    ],
  }),
  job_coerced: withFiles('job_coerced', 'J0008', {
    'job_record.json': jobRecord('job_coerced', 'J0008', {
      job_number: 8,
      customer_name: 12345,
      tree_number: '7',
    }),
    'sections/trunk/recordings/rec_1.meta.json': recordingMeta('job_coerced', {
      bytes: '1234',
      audio_probe: { duration_ms: 'long' },
    }),
    'sections/job_photos/images/img_1.meta.json': imageMeta('job_coerced', {
      latitude: '45.25',
      report_bytes: 'big',
    }),
  }),
  job_deep: withFiles('job_deep', 'J0009', { 'final.json': DEEP_FINAL }),
  // Values JavaScript reads but PostgreSQL columns cannot hold: reported, never sent to be refused.
  job_out_of_range: withFiles('job_out_of_range', 'J0010', {
    'sections/trunk/recordings/rec_1.meta.json': recordingMeta('job_out_of_range', {
      uploaded_at: '99999',
      audio_probe: { duration: 1e300 },
    }),
    'final.json': finalSnapshot('job_out_of_range', 'J0010', { archived_at: '+275760-09-13T00:00:00Z' }),
  }),
  job_huge: validJob('job_huge', 'J0011'),
};

let summary: ImportSummary;
let cleanup: () => Promise<void>;
let database: TestDatabase;
const db = () => database;

test.before(async () => {
  database = await createTestDatabase();
  const store = await makeStore();
  cleanup = store.cleanup;
  for (const [jobDir, files] of Object.entries(CASES)) await writeJob(store.root, jobDir, files);
  // Sparse: 50 MB on paper, no disk or memory spent on it.
  await truncate(path.join(store.root, 'job_huge/final.json'), FIFTY_MB);
  summary = await runImport(db().pool, { jobsRoot: store.root, batchSize: 200 });
});
test.after.always(async () => {
  await cleanup?.();
  await database?.drop();
});

async function issuesOf(jobId: string): Promise<Array<{ path: string; pointer: string; message: string }>> {
  const { rows } = await db().pool.query(
    'SELECT path, pointer, message FROM import_issues WHERE job_id = $1 ORDER BY path, pointer',
    [jobId],
  );
  return rows;
}
async function one<T = Record<string, unknown>>(sql: string, params: unknown[]): Promise<T> {
  const { rows } = await db().pool.query(sql, params);
  if (rows.length !== 1)
    throw new Error(`expected one row for ${sql} ${JSON.stringify(params)}, got ${rows.length}`);
  return rows[0] as T;
}

test('every job folder is a job row, none was refused, and the run completed', async (t) => {
  const { rows } = await db().pool.query('SELECT job_id FROM jobs ORDER BY job_id');
  t.deepEqual(
    rows.map((r) => r.job_id),
    Object.keys(CASES).sort(),
  );
  t.is(summary.counts.jobs?.inserted, Object.keys(CASES).length);
  const refused = await db().pool.query(
    "SELECT path FROM import_issues WHERE message LIKE 'the database refused%'",
  );
  t.deepEqual(refused.rows, []);
  t.is(
    (await one<{ status: string }>('SELECT status FROM import_runs WHERE id = $1', [summary.runId])).status,
    'completed',
  );
});

test('the control job beside the bad ones lands whole and has no issue', async (t) => {
  t.deepEqual(await issuesOf('job_control'), []);
  const counts = await one(
    `SELECT (SELECT count(*)::int FROM job_rounds WHERE job_id = $1) AS rounds,
            (SELECT count(*)::int FROM round_recordings WHERE job_id = $1 AND round_id = 'round_1') AS recordings,
            (SELECT count(*)::int FROM round_images WHERE job_id = $1 AND round_id = 'round_1') AS images,
            (SELECT count(*)::int FROM job_finals WHERE job_id = $1) AS finals`,
    ['job_control'],
  );
  t.deepEqual(counts, { rounds: 1, recordings: 1, images: 1, finals: 1 });
});

test('truncated JSON: one issue on the file, the job is imported from its final', async (t) => {
  const issues = await issuesOf('job_truncated');
  t.is(issues.length, 1);
  t.like(issues[0], { path: 'job_truncated/job_record.json', pointer: '' });
  t.regex(issues[0]!.message, /^invalid JSON: /);
  t.deepEqual(await one('SELECT source, record, job_number FROM jobs WHERE job_id = $1', ['job_truncated']), {
    source: 'final_only',
    record: null,
    job_number: null,
  });
  // The round, media and final still land: one bad file costs only itself.
  t.is(
    (
      await one<{ n: number }>('SELECT count(*)::int AS n FROM job_finals WHERE job_id = $1', [
        'job_truncated',
      ])
    ).n,
    1,
  );
});

test('empty final.json: an issue, no final row, and the file is still an artifact', async (t) => {
  t.deepEqual(await issuesOf('job_empty'), [
    { path: 'job_empty/final.json', pointer: '', message: 'empty file' },
  ]);
  t.is(
    (await one<{ n: number }>('SELECT count(*)::int AS n FROM job_finals WHERE job_id = $1', ['job_empty']))
      .n,
    0,
  );
  t.deepEqual(await one("SELECT kind, size FROM artifacts WHERE path = 'job_empty/final.json'", []), {
    kind: 'final_json',
    size: '0',
  });
  t.is(
    (await one<{ source: string }>('SELECT source FROM jobs WHERE job_id = $1', ['job_empty'])).source,
    'record',
  );
});

test('a UTF-8 byte-order mark is stripped: the files are used as if it were not there', async (t) => {
  t.deepEqual(await issuesOf('job_bom'), []);
  t.like(await one('SELECT job_number, source FROM jobs WHERE job_id = $1', ['job_bom']), {
    job_number: 'J0004',
    source: 'record',
  });
  t.like(await one('SELECT manifest_items, round_id FROM job_rounds WHERE job_id = $1', ['job_bom']), {
    manifest_items: 2,
  });
  t.like(await one('SELECT round_source FROM round_recordings WHERE job_id = $1', ['job_bom']), {
    round_source: 'manifest',
  });
});

test('bytes that are not UTF-8: the meta file is an issue, the recording row stays with its audio', async (t) => {
  t.deepEqual(await issuesOf('job_latin1'), [
    { path: 'job_latin1/sections/trunk/recordings/rec_1.meta.json', pointer: '', message: 'not valid UTF-8' },
  ]);
  t.deepEqual(
    await one('SELECT file_path, meta, round_id FROM round_recordings WHERE job_id = $1', ['job_latin1']),
    {
      file_path: 'job_latin1/sections/trunk/recordings/rec_1.wav',
      meta: null,
      round_id: 'round_1',
    },
  );
});

test('the wrong top-level type: each file is one issue at the top, the raw value is kept where the file is stored', async (t) => {
  const issues = await issuesOf('job_wrong_top');
  t.deepEqual(
    issues.map((i) => [i.path, i.pointer]),
    [
      ['job_wrong_top/final.json', ''],
      ['job_wrong_top/processed_artifacts.json', ''],
      ['job_wrong_top/rounds/round_1/review.json', ''],
      ['job_wrong_top/sections/job_photos/images/img_1.meta.json', ''],
    ],
  );
  for (const issue of issues)
    t.regex(issue.message, /^expected object at the top level, received (array|string|number|null)/);
  t.deepEqual(
    (await one<{ review: unknown }>('SELECT review FROM job_rounds WHERE job_id = $1', ['job_wrong_top']))
      .review,
    [1, 2, 3],
  );
  t.is(
    (await one<{ meta: unknown }>('SELECT meta FROM round_images WHERE job_id = $1', ['job_wrong_top'])).meta,
    42,
  );
  // An array is not a review: only the manifest places media now.
  t.like(await one('SELECT round_source FROM round_recordings WHERE job_id = $1', ['job_wrong_top']), {
    round_source: 'manifest',
  });
});

test('nulls in every field: allowed where the layout allows absence, a manifest item with null ids is dropped', async (t) => {
  t.deepEqual(
    (await issuesOf('job_nulls')).map((i) => [i.path, i.pointer, i.message]),
    [
      [
        'job_nulls/rounds/round_1/manifest.json',
        '/0',
        'dropped element "[0]": required field "artifact_id" has the wrong type',
      ],
      [
        'job_nulls/rounds/round_1/manifest.json',
        '/0',
        'dropped element "[0]": required field "section_id" has the wrong type',
      ],
      [
        'job_nulls/rounds/round_1/manifest.json',
        '/0/artifact_id',
        'field "[0].artifact_id": expected string, found null; treated as absent',
      ],
      [
        'job_nulls/rounds/round_1/manifest.json',
        '/0/section_id',
        'field "[0].section_id": expected string, found null; treated as absent',
      ],
    ],
  );
  const job = await one<{
    record: Record<string, unknown>;
    customer_name: unknown;
    status: unknown;
    source: string;
  }>('SELECT record, customer_name, status, source FROM jobs WHERE job_id = $1', ['job_nulls']);
  t.deepEqual(job.record, NULL_RECORD);
  t.like(job, { customer_name: null, status: 'ARCHIVED', source: 'record' });
  t.like(await one('SELECT kind, round_id, user_name FROM job_finals WHERE job_id = $1', ['job_nulls']), {
    kind: 'final',
    round_id: null,
    user_name: null,
  });
  t.like(
    await one('SELECT content_type, bytes, round_id FROM round_recordings WHERE job_id = $1', ['job_nulls']),
    {
      content_type: null,
      bytes: '13',
      round_id: 'round_1',
    },
  );
});

test('numbers as strings and strings as numbers: coerced when unambiguous, else an issue at the field', async (t) => {
  t.deepEqual(
    (await issuesOf('job_coerced')).map((i) => [i.path, i.pointer, i.message]),
    [
      [
        'job_coerced/sections/job_photos/images/img_1.meta.json',
        '/report_bytes',
        'field "report_bytes": expected number, found string "big"; treated as absent',
      ],
      [
        'job_coerced/sections/trunk/recordings/rec_1.meta.json',
        '/audio_probe/duration_ms',
        'field "audio_probe.duration_ms": expected number, found string "long"; treated as absent',
      ],
    ],
  );
  t.like(
    await one('SELECT job_number, customer_name, tree_number FROM jobs WHERE job_id = $1', ['job_coerced']),
    {
      job_number: '8',
      customer_name: '12345',
      tree_number: '7',
    },
  );
  t.like(await one('SELECT bytes, duration_ms FROM round_recordings WHERE job_id = $1', ['job_coerced']), {
    bytes: '1234',
    duration_ms: null,
  });
  const image = await one<{ latitude: number; report_bytes: unknown; meta: Record<string, unknown> }>(
    'SELECT latitude, report_bytes, meta FROM round_images WHERE job_id = $1',
    ['job_coerced'],
  );
  t.is(image.latitude, 45.25);
  t.is(image.report_bytes, null);
  t.is(image.meta.report_bytes, 'big', 'the raw meta keeps what was written');
});

test('10,000-deep nesting: refused before parsing, the final file stays an artifact with its hash', async (t) => {
  const issues = await issuesOf('job_deep');
  t.deepEqual(
    issues.map((i) => [i.path, i.pointer]),
    [['job_deep/final.json', '']],
  );
  t.regex(issues[0]!.message, /nesting is deeper than 512 levels/);
  t.is(
    (await one<{ n: number }>('SELECT count(*)::int AS n FROM job_finals WHERE job_id = $1', ['job_deep'])).n,
    0,
  );
  const sha = createHash('sha256').update(DEEP_FINAL).digest('hex');
  t.deepEqual(await one("SELECT kind, sha256 FROM artifacts WHERE path = 'job_deep/final.json'", []), {
    kind: 'final_json',
    sha256: sha,
  });
});

test('values out of PostgreSQL range: each an issue at its field, the job lands', async (t) => {
  t.deepEqual(
    (await issuesOf('job_out_of_range')).map((i) => [i.path, i.pointer]),
    [
      ['job_out_of_range/final.json', '/archived_at'],
      ['job_out_of_range/sections/trunk/recordings/rec_1.meta.json', '/audio_probe/duration'],
      ['job_out_of_range/sections/trunk/recordings/rec_1.meta.json', '/uploaded_at'],
    ],
  );
  t.like(
    await one('SELECT duration_ms, uploaded_at FROM round_recordings WHERE job_id = $1', [
      'job_out_of_range',
    ]),
    { duration_ms: null, uploaded_at: null },
  );
  const final = await one<{ archived_at: unknown; payload: Record<string, unknown> }>(
    'SELECT archived_at, payload FROM job_finals WHERE job_id = $1',
    ['job_out_of_range'],
  );
  t.is(final.archived_at, null);
  t.is(final.payload.archived_at, '+275760-09-13T00:00:00Z');
});

test('a 50 MB final.json: a size-cap issue without reading it, the job and its artifact row stay', async (t) => {
  const issues = await issuesOf('job_huge');
  t.deepEqual(
    issues.map((i) => [i.path, i.pointer]),
    [['job_huge/final.json', '']],
  );
  t.is(
    issues[0]!.message,
    `file is ${FIFTY_MB} bytes, over the ${MAX_JSON_BYTES}-byte cap for JSON metadata: not read`,
  );
  t.like(
    await one("SELECT kind, size, sha256 FROM artifacts WHERE path = 'job_huge/final.json'", []),
    { kind: 'final_json', size: String(FIFTY_MB), sha256: null },
    'never opened, so never hashed',
  );
  t.like(await one('SELECT source, status FROM jobs WHERE job_id = $1', ['job_huge']), {
    source: 'record',
    status: 'ARCHIVED',
  });
});

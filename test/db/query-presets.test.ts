import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import test from 'ava';
import { listPresets, loadPreset } from '../../src/query/presets.ts';
import { FETCH_SIZE, runPreset, type PresetFilter } from '../../src/query/run-preset.ts';
import { useTestDatabase } from '../helpers/db.ts';
import { matchesGolden } from '../helpers/golden.ts';
import { FIXTURES } from '../helpers/store.ts';

const db = useTestDatabase(test, { importFrom: FIXTURES });

interface Collected {
  columns: string[];
  rows: unknown[][];
  pages: number[];
}

async function collect(name: string, filter: PresetFilter = {}, dir?: URL): Promise<Collected> {
  const result: Collected = { columns: [], rows: [], pages: [] };
  await runPreset(db().pool, loadPreset(name, dir), filter, {
    columns: (names) => void (result.columns = names),
    rows: (rows) => {
      result.pages.push(rows.length);
      result.rows.push(...rows);
    },
  });
  return result;
}

// The exact rows of each preset on the fixture store live in test/expected/presets/<preset>.json; they
// were checked by hand against fixtures/README.md (rounds, placement, identities, lineage) and the
// findings the import records for the fixture store. A change shows as a diff of those files.
const GOLDEN_PRESETS = [
  'archive-retention',
  'archived-finals',
  'findings',
  'geojson-exports',
  'media-by-job',
  'normalized-entities',
  'report-projection',
  'round-mismatches',
  'summary',
  'tree-identity',
];

for (const name of GOLDEN_PRESETS) {
  test.serial(`preset ${name}: exact columns and rows on the fixtures`, async (t) => {
    const { columns, rows } = await collect(name);
    await matchesGolden(t, `presets/${name}.json`, { columns, rows });
  });
}

test.serial('preset import-runs: one completed run with its options, folder counts and totals', async (t) => {
  const result = await collect('import-runs');
  t.deepEqual(result.columns, [
    'id',
    'status',
    'started_at',
    'finished_at',
    'jobs_root',
    'options',
    'folders',
    'rows_inserted',
    'rows_updated',
    'rows_deleted',
    'issues',
    'error',
  ]);
  t.is(result.rows.length, 1);
  const [id, status, startedAt, finishedAt, ...rest] = result.rows[0]!;
  t.deepEqual([id, status], ['1', 'completed']);
  t.regex(String(startedAt), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+Z$/);
  t.regex(String(finishedAt), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+Z$/);
  t.deepEqual(rest, [
    FIXTURES,
    { full: false, jobs: null, shard: null, batchSize: 200, concurrency: 8 },
    { read: 10, found: 10, missing: 0, selected: 10, files_read: 99, unreadable: 0, skipped_unchanged: 0 },
    '278',
    '0',
    '0',
    7,
    null,
  ]);
  t.deepEqual((await collect('import-runs', { job: 'job_1' })).rows.length, 1);
  t.deepEqual((await collect('import-runs', { kind: 'failed' })).rows, []);
});

test.serial(
  '--job and --kind are bound filters: one job, one kind, or nothing for values that match nothing',
  async (t) => {
    t.deepEqual(
      (await collect('archived-finals', { job: 'job_4a1f0c2b9e01', kind: 'correction' })).rows.map((r) =>
        r.slice(0, 5),
      ),
      [['job_4a1f0c2b9e01', 'J0004', 'ARCHIVED', 'correction', 'round_5']],
    );
    t.deepEqual((await collect('media-by-job', { job: 'job_f0a1b2c3d4e5', kind: 'recording' })).rows, [
      ['job_f0a1b2c3d4e5', 'J0008', 'round_1', 'recording', 2, 0, '29'],
      ['job_f0a1b2c3d4e5', 'J0008', 'round_2', 'recording', 2, 1, '25'],
      ['job_f0a1b2c3d4e5', 'J0008', null, 'recording', 1, 0, '16'],
    ]);
    t.deepEqual((await collect('summary', { job: 'job_1', kind: 'open_findings' })).rows, [
      ['open_findings', 'missing_job_record', 1],
    ]);
    t.deepEqual(
      (await collect('tree-identity', { kind: 'unidentified' })).rows.map((r) => r[0]),
      ['job_e7f8a9b0c1d2'],
    );
    t.deepEqual((await collect('findings', { job: 'no_such_job' })).rows, []);
  },
);

test.serial('--limit stops reading the cursor after that many rows', async (t) => {
  const all = await collect('findings');
  const first = await collect('findings', { limit: 3 });
  t.deepEqual(first.rows, all.rows.slice(0, 3));
  const none = await collect('findings', { limit: 0 });
  t.deepEqual(none.rows, []);
  t.deepEqual(none.columns, all.columns);
  await t.throwsAsync(() => collect('findings', { limit: -1 }), {
    message: /--limit must be a whole number >= 0/,
  });
});

test.serial(
  'rows arrive in pages of FETCH_SIZE from a server-side cursor, inside a READ ONLY transaction',
  async (t) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'jobmig-presets-'));
    try {
      await writeFile(
        path.join(dir, 'series.sql'),
        `-- numbers\nSELECT n, current_setting('transaction_read_only') AS read_only, $1::text AS job, $2::text AS kind\nFROM generate_series(1, 2500) n\nORDER BY n;\n`,
      );
      const url = pathToFileURL(dir + '/');
      const whole = await collect('series', {}, url);
      t.deepEqual(whole.pages, [FETCH_SIZE, FETCH_SIZE, 500]);
      t.deepEqual(
        whole.rows.map((r) => r[0]),
        Array.from({ length: 2500 }, (_, i) => i + 1),
      );
      t.true(whole.rows.every((r) => r[1] === 'on'));
      const limited = await collect('series', { limit: 1500, job: 'j', kind: 'k' }, url);
      t.deepEqual(limited.pages, [FETCH_SIZE, 500]);
      t.deepEqual(limited.rows.at(-1), [1500, 'on', 'j', 'k']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  },
);

test('every preset file follows the contract: a description, both parameters as text, a total ORDER BY', (t) => {
  const presets = listPresets();
  t.true(presets.length >= 11);
  for (const p of presets) {
    t.regex(p.description, /\S/, `${p.name}: first line must be "-- <description>"`);
    t.regex(p.sql, /\$1::text/, `${p.name}: references $1::text`);
    t.regex(p.sql, /\$2::text/, `${p.name}: references $2::text`);
    t.notRegex(p.sql, /\$[3-9]/, `${p.name}: only $1 and $2`);
    t.regex(p.sql, /ORDER BY/i, `${p.name}: ordered`);
  }
});

import test from 'ava';
import { runImport } from '../../src/import/run.ts';
import { loadPreset } from '../../src/query/presets.ts';
import { runPreset, type PresetFilter } from '../../src/query/run-preset.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { FIXTURES } from '../helpers/store.ts';

// report-projection, geojson-exports, archive-retention and media-by-job were rewritten for speed
// with the promise that their output stays the same. test/former-presets/ holds them as they were
// before; here both versions run on the fixtures plus rows made to reach the cases the fixtures do
// not (a snapshot file gone, changed or unhashed, two form PDFs, no retained output at all, odd
// round names), and must return the same rows in the same order.

let database: TestDatabase | undefined;
const db = () => database!;
const FORMER = new URL('../former-presets/', import.meta.url);

async function rows(
  name: string,
  filter: PresetFilter,
  dir?: URL,
): Promise<{ columns: string[]; rows: unknown[][] }> {
  const result = { columns: [] as string[], rows: [] as unknown[][] };
  await runPreset(db().pool, loadPreset(name, dir), filter, {
    columns: (names) => void (result.columns = names),
    rows: (page) => void result.rows.push(...page),
  });
  return result;
}

async function sameAsFormer(t: any, name: string, filters: PresetFilter[]): Promise<void> {
  for (const filter of filters) {
    const now = await rows(name, filter);
    t.deepEqual(now, await rows(name, filter, FORMER), `${name} ${JSON.stringify(filter)}`);
    if (!filter.job && !filter.kind) t.true(now.rows.length > 0, name);
  }
}

test.after.always(async () => {
  await database?.drop();
});

test.before(async () => {
  database = await createTestDatabase();
  await runImport(db().pool, { jobsRoot: FIXTURES });
  const sql = (text: string, values: unknown[] = []) => db().pool.query(text, values);
  // archive-retention's cases, on snapshots of the fixtures.
  await sql("DELETE FROM artifacts WHERE path = 'job_9e4f1b6a2d35/final.json'"); // snapshot file gone
  await sql("UPDATE artifacts SET sha256 = 'changed on disk' WHERE path = 'job_a5c8d2e7f146/final.json'"); // not intact
  await sql("UPDATE artifacts SET sha256 = NULL WHERE path = 'job_7b3e8a1d5c24/final_correction.json'"); // hash unknown
  await sql(`INSERT INTO artifacts (job_id, path, kind, snapshot, size, mtime, row_sha256)
             VALUES ('job_4a1f0c2b9e01', 'job_4a1f0c2b9e01/traq_page1.pdf', 'final_pdf', 'final', 7, now(), 'x'),
                    ('job_4a1f0c2b9e01', 'job_4a1f0c2b9e01/notes.txt', 'other', 'final', 5, now(), 'x')`); // a second form PDF; an artifact of no retained kind
  await sql(`DELETE FROM artifacts WHERE job_id = 'job_6c2d7e9f0a13' AND snapshot = 'correction'`); // nothing retained
  // media-by-job's cases: round names whose natural order differs from text order, and media without bytes.
  const rounds = [
    'round_10',
    'round_9',
    'round_09',
    'round_',
    'r',
    '7',
    '10',
    'round_1a',
    'round_2b',
    'x٣',
    'round_99999999999999999999',
    null,
  ];
  for (const [i, round] of rounds.entries()) {
    await sql(
      `INSERT INTO round_recordings (job_id, section_id, recording_id, round_id, file_path, bytes, row_sha256)
               VALUES ('job_c1d2e3f4a5b6', 'trunk', $1, $2, CASE WHEN $3::int % 3 = 0 THEN NULL ELSE 'p' END, CASE WHEN $3::int % 4 = 0 THEN NULL ELSE $3::int END, 'x')`,
      [`rec_extra_${i}`, round, i],
    );
    if (i % 2 === 0) {
      await sql(
        `INSERT INTO round_images (job_id, image_id, section_id, round_id, file_path, bytes, row_sha256)
                 VALUES ('job_c1d2e3f4a5b6', $1, 'job_photos', $2, CASE WHEN $3::int % 3 = 0 THEN NULL ELSE 'p' END, $3::int, 'x')`,
        [`img_extra_${i}`, round, i],
      );
    }
  }
});

test.serial('archive-retention returns what it returned before its rewrite', async (t) => {
  await sameAsFormer(t, 'archive-retention', [
    {},
    { kind: 'final' },
    { kind: 'correction' },
    { job: 'job_4a1f0c2b9e01' },
    { job: 'job_6c2d7e9f0a13', kind: 'correction' },
    { job: 'no_such_job' },
  ]);
  // The cases above are reached: a file gone, one not intact, two form PDFs, a snapshot with nothing retained.
  const { rows: all } = await rows('archive-retention', {});
  t.true(all.some((r) => r[6] === false));
  t.true(all.some((r) => r[6] === true && r[7] === false));
  t.true(
    all.some(
      (r) =>
        JSON.stringify(r[10]) ===
        '["final_json","final_pdf","final_pdf","geojson","report_docx","report_pdf"]',
    ),
  );
  t.true(all.some((r) => r[8] === 0 && JSON.stringify(r[10]) === '[]'));
});

test.serial('media-by-job returns what it returned before its rewrite', async (t) => {
  await sameAsFormer(t, 'media-by-job', [
    {},
    { kind: 'recording' },
    { kind: 'image' },
    { job: 'job_c1d2e3f4a5b6' },
    { job: 'job_f0a1b2c3d4e5', kind: 'recording' },
    { kind: 'other' },
  ]);
});

test.serial(
  'report-projection and geojson-exports return what they returned before reading generated columns',
  async (t) => {
    await sameAsFormer(t, 'report-projection', [
      {},
      { kind: 'final' },
      { kind: 'correction' },
      { job: 'job_4a1f0c2b9e01' },
      { job: 'job_1', kind: 'correction' },
    ]);
    await sameAsFormer(t, 'geojson-exports', [
      {},
      { kind: 'final' },
      { kind: 'correction' },
      { job: 'job_9e4f1b6a2d35' },
    ]);
  },
);

import test from 'ava';
import { runImport } from '../../src/import/run.ts';
import { useTestDatabase } from '../helpers/db.ts';
import { canonicalDump, rowCounts } from '../helpers/dump.ts';

const FIXTURES = new URL('../../fixtures/jobs', import.meta.url).pathname;
const db = useTestDatabase(test);

// The hand-made store (fixtures/README.md): 10 job folders, every irregularity of LEGACY_LAYOUT.md.
const EXPECTED_COUNTS = {
  customers: 5,
  billing_profiles: 3,
  operators: 2,
  trees: 7,
  jobs: 10,
  job_rounds: 15,
  round_recordings: 30,
  round_images: 11,
  job_finals: 9,
  job_geojson_exports: 9,
  artifacts: 142,
  job_events: 10,
  reconciliation: 18,
};

test.serial('imports the fixture store with exact counts per table', async (t) => {
  const summary = await runImport(db().pool, { jobsRoot: FIXTURES });
  t.is(summary.jobFolders, 10);
  t.deepEqual(await rowCounts(db().pool), EXPECTED_COUNTS);
  t.is(summary.counts.jobs?.inserted, 10);
  t.is(summary.counts.round_recordings?.inserted, 30);
  const { rows: runs } = await db().pool.query('SELECT status, jobs_root, counts FROM import_runs');
  t.is(runs.length, 1);
  t.is(runs[0].status, 'completed');
  t.is(runs[0].jobs_root, FIXTURES);
  t.is(runs[0].counts.artifacts.inserted, 142);
});

test.serial('records every broken file as an issue with its JSON pointer', async (t) => {
  const { rows } = await db().pool.query('SELECT path, pointer FROM import_issues ORDER BY path, pointer');
  t.deepEqual(rows, [
    { path: 'job_9e4f1b6a2d35/sections/trunk/recordings/rec_9e_02.meta.json', pointer: '/stored_path' },
    { path: 'job_a5c8d2e7f146/sections/job_photos/images/img_a5_1.meta.json', pointer: '/stored_path' },
    { path: 'job_d4e5f6a7b8c9/rounds/round_1/review.json', pointer: '' },
    { path: 'job_e7f8a9b0c1d2/job_record.json', pointer: '/customer_name' },
    { path: 'job_e7f8a9b0c1d2/job_record.json', pointer: '/tree_number' },
    { path: 'job_f0a1b2c3d4e5/rounds/round_2/manifest.json', pointer: '/1' },
    { path: 'job_f0a1b2c3d4e5/sections/crown_and_branches/recordings/rec_f0_02.meta.json', pointer: '' },
  ]);
});

test.serial('deduplicates identities and gives them stable codes in order of first appearance', async (t) => {
  const pool = db().pool;
  const { rows: customers } = await pool.query('SELECT code, name FROM customers ORDER BY code');
  t.deepEqual(
    customers.map((c) => c.code),
    ['C0001', 'C0002', 'C0003', 'C0004', 'C0005'],
  );
  const { rows: acme } = await pool.query(
    `SELECT j.job_number, c.code, t.code AS tree FROM jobs j JOIN customers c ON c.id = j.customer_id
     JOIN trees t ON t.id = j.tree_id WHERE c.name_key = 'acme parks dept' ORDER BY j.job_number`,
  );
  // Three spellings of one customer, tree 3 written as 3, "3" and "three": one customer, one tree.
  t.is(new Set(acme.map((r) => r.code)).size, 1);
  t.is(new Set(acme.map((r) => r.tree)).size, 1);
  t.is(acme.length, 3);
  const { rows: operators } = await pool.query('SELECT code, name FROM operators ORDER BY code');
  t.deepEqual(operators.map((o) => o.name).sort(), ['Dana Whitfield', 'Marcus Oyelaran']);
});

test.serial('archived-only folders are jobs seeded from final.json', async (t) => {
  const { rows } = await db().pool.query(
    "SELECT job_number, status, source, latest_round_id FROM jobs WHERE job_id = 'job_1'",
  );
  t.deepEqual(rows, [
    { job_number: 'J0001', status: 'ARCHIVED', source: 'final_only', latest_round_id: 'round_1' },
  ]);
});

test.serial('media rounds come from manifests and reviews, never from the latest round', async (t) => {
  const { rows } = await db().pool.query(
    `SELECT recording_id, round_id, round_source FROM round_recordings WHERE job_id = 'job_4a1f0c2b9e01' ORDER BY recording_id`,
  );
  t.deepEqual(rows, [
    { recording_id: 'rec_4a_01', round_id: 'round_1', round_source: 'manifest' },
    { recording_id: 'rec_4a_02', round_id: 'round_1', round_source: 'manifest' },
    { recording_id: 'rec_4a_03', round_id: 'round_2', round_source: 'manifest' },
    { recording_id: 'rec_4a_04', round_id: 'round_2', round_source: 'manifest' },
    { recording_id: 'rec_4a_05', round_id: 'round_2', round_source: 'review' },
    { recording_id: 'rec_4a_06', round_id: 'round_5', round_source: 'manifest' },
  ]);
  const { rows: unplaced } = await db().pool.query(
    'SELECT job_id, recording_id FROM round_recordings WHERE round_id IS NULL',
  );
  t.deepEqual(unplaced, [{ job_id: 'job_f0a1b2c3d4e5', recording_id: 'rec_f0_05' }]);
});

test.serial(
  'importing the same store again changes nothing: same codes, same rows, no new events',
  async (t) => {
    const before = await canonicalDump(db().pool);
    const summary = await runImport(db().pool, { jobsRoot: FIXTURES, concurrency: 3, batchSize: 4 });
    t.is(summary.counts.jobs?.inserted, 0);
    t.is(summary.counts.jobs?.updated, 0);
    t.deepEqual(await canonicalDump(db().pool), before);
    t.deepEqual(await rowCounts(db().pool), EXPECTED_COUNTS);
  },
);

test.serial(
  'mentioned_in holds every round whose stored manifest or review names the medium, plus its placement',
  async (t) => {
    // The same mentions read in SQL from the JSON the import stored: the column must agree for every row.
    const { rows } = await db().pool.query<{
      medium: string;
      key: string;
      column: string[];
      from_json: string[];
    }>(`
    WITH items AS (
      SELECT r.job_id, r.round_id, item
      FROM job_rounds r
      CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(r.manifest) = 'array' THEN r.manifest ELSE '[]' END) AS item
      WHERE jsonb_typeof(item) = 'object'
    ), recording_mentions AS (
      SELECT job_id, round_id, item->>'section_id' AS section_id, item->>'artifact_id' AS id FROM items
      WHERE lower(coalesce(item->>'kind', '')) <> 'image' AND item->>'section_id' IS DISTINCT FROM 'job_photos'
      UNION
      SELECT r.job_id, r.round_id, s.key, ids.id FROM job_rounds r
      CROSS JOIN LATERAL jsonb_each(coalesce(jsonb_path_query_first(r.review, 'strict $.section_recordings ? (@.type() == "object")', '{}', true), '{}')) AS s
      CROSS JOIN LATERAL jsonb_array_elements_text(CASE WHEN jsonb_typeof(s.value) = 'array' THEN s.value ELSE '[]' END) AS ids(id)
      UNION
      SELECT job_id, round_id, section_id, recording_id FROM round_recordings WHERE round_id IS NOT NULL
    ), image_mentions AS (
      SELECT job_id, round_id, item->>'artifact_id' AS id FROM items
      WHERE lower(coalesce(item->>'kind', '')) = 'image' OR item->>'section_id' = 'job_photos'
      UNION
      SELECT r.job_id, r.round_id, coalesce(i->>'image_id', i->>'artifact_id', i->>'id', CASE WHEN jsonb_typeof(i) = 'string' THEN i #>> '{}' END)
      FROM job_rounds r CROSS JOIN LATERAL jsonb_array_elements(jsonb_path_query_array(r.review, 'strict $.images[*]', '{}', true)) AS i
      UNION
      SELECT job_id, round_id, image_id FROM round_images WHERE round_id IS NOT NULL
    )
    SELECT 'recording' AS medium, rr.job_id || '/' || rr.section_id || '/' || rr.recording_id AS key, rr.mentioned_in AS column,
           ARRAY(SELECT m.round_id FROM recording_mentions m
                 WHERE m.job_id = rr.job_id AND m.section_id = rr.section_id AND m.id = rr.recording_id ORDER BY 1) AS from_json
    FROM round_recordings rr
    UNION ALL
    SELECT 'image', ri.job_id || '/' || ri.image_id, ri.mentioned_in,
           ARRAY(SELECT m.round_id FROM image_mentions m WHERE m.job_id = ri.job_id AND m.id = ri.image_id ORDER BY 1)
    FROM round_images ri
    ORDER BY 1, 2`);
    t.is(rows.length, EXPECTED_COUNTS.round_recordings + EXPECTED_COUNTS.round_images);
    t.deepEqual(
      rows.map((r) => [r.key, r.column]),
      rows.map((r) => [r.key, r.from_json]),
    );
    // Not vacuous: media named by several rounds, and media nothing names.
    t.true(rows.some((r) => r.column.length > 1));
    t.true(rows.some((r) => r.column.length === 0));
  },
);

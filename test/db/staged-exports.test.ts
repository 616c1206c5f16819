/**
 * The legacy server's staged exports (fixtures/exports, LEGACY_LAYOUT.md "Staged exports of archived
 * jobs"): folders named by job number hold only a final. The layout's own differences are info; the
 * genuine disagreements keep their severity; the snapshot's job_id finds the job.
 */
import test from 'ava';
import { loadPreset } from '../../src/query/presets.ts';
import { runPreset } from '../../src/query/run-preset.ts';
import { listFindings } from '../../src/findings/store.ts';
import { useTestDatabase } from '../helpers/db.ts';

const EXPORTS = new URL('../../fixtures/exports', import.meta.url).pathname;
const db = useTestDatabase(test, { importFrom: EXPORTS });

test('an export folder keeps its snapshot job_id, and its job number from the snapshot when it has one', async (t) => {
  const { rows } = await db().pool.query(
    'SELECT job_id, snapshot_job_id, job_number, status, source FROM jobs ORDER BY job_id',
  );
  t.deepEqual(rows, [
    {
      job_id: 'J0001',
      snapshot_job_id: 'job_briarwood_001',
      job_number: 'J0001',
      status: 'ARCHIVED',
      source: 'final_only',
    },
    {
      job_id: 'J0002',
      snapshot_job_id: 'job_briarwood_002',
      job_number: 'J0002',
      status: 'ARCHIVED',
      source: 'final_only',
    },
    {
      job_id: 'S0003',
      snapshot_job_id: 'job_fieldtest_s3',
      job_number: null,
      status: 'ARCHIVED',
      source: 'final_only',
    },
  ]);
});

test('the layout raises only info findings; geojson_drift and report_image_missing keep their severity', async (t) => {
  const { rows } = await db().pool.query<{ job_id: string; kind: string; severity: string }>(
    `SELECT job_id, kind, severity FROM reconciliation WHERE status = 'open'
     ORDER BY job_id, kind, id`,
  );
  const loud = rows.filter((r) => r.severity !== 'info').map((r) => `${r.job_id} ${r.kind} ${r.severity}`);
  t.deepEqual(loud, [
    'J0001 geojson_drift error',
    'J0002 geojson_drift error',
    'S0003 report_image_missing warning',
  ]);
  const info = rows.filter((r) => r.severity === 'info').map((r) => `${r.job_id} ${r.kind}`);
  for (const job of ['J0001', 'J0002', 'S0003']) {
    for (const kind of ['final_round_missing', 'identity_mismatch', 'missing_job_record'])
      t.true(info.includes(`${job} ${kind}`), `${job} ${kind} is info`);
  }
});

test("findings --job finds an export by its snapshot's job_id, as the review app's search does", async (t) => {
  const byFolder = await listFindings(db().pool, { job: 'J0002' });
  const bySnapshot = await listFindings(db().pool, { job: 'job_briarwood_002' });
  t.true(byFolder.length > 0);
  t.deepEqual(
    bySnapshot.map((f) => f.id),
    byFolder.map((f) => f.id),
  );
  const byText = await listFindings(db().pool, { text: 'job_fieldtest_s3' });
  t.true(byText.length > 0 && byText.every((f) => f.job_id === 'S0003'));
});

test("query --job finds an export by its snapshot's job_id", async (t) => {
  const rows: unknown[][] = [];
  await runPreset(
    db().pool,
    loadPreset('archived-finals'),
    { job: 'job_fieldtest_s3' },
    { columns: () => {}, rows: (page) => void rows.push(...page) },
  );
  t.deepEqual(
    rows.map((r) => r.slice(0, 4)),
    [['S0003', null, 'ARCHIVED', 'final']],
  );
});

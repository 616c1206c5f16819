/**
 * Schema 016 on a database reviewed before it: the finding_reviewed events of job_events are copied
 * into finding_events (their replaced state unknown), so a finding's history stays whole.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { migrate, SCHEMA_DIR } from '../../src/db/migrate.ts';
import { runImport } from '../../src/import/run.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { FIXTURES } from '../helpers/store.ts';

test('review events written before schema 016 are carried into finding_events', async (t) => {
  const db = await createTestDatabase({ migrate: false });
  const before016 = await mkdtemp(path.join(os.tmpdir(), 'jobmig-schema-'));
  t.teardown(async () => {
    await db.drop();
    await rm(before016, { recursive: true, force: true });
  });
  await cp(SCHEMA_DIR, before016, { recursive: true, filter: (f) => !/\/01[6-9]_[^/]*$/.test(f) });
  await migrate(db.pool, before016);
  await runImport(db.pool, { jobsRoot: FIXTURES });
  const { rows } = await db.pool.query(
    "SELECT job_id, id, kind FROM reconciliation WHERE kind = 'geojson_drift' ORDER BY id LIMIT 1",
  );
  const f = rows[0];
  // What review-finding.sql wrote before 016.
  await db.pool.query(
    `INSERT INTO job_events (job_id, event_type, payload)
     VALUES ($1, 'finding_reviewed', jsonb_build_object('finding_id', $2::text, 'kind', $3::text,
             'review_status', 'acknowledged', 'note', 'old', 'reviewed_by', 'ana', 'via', 'web'))`,
    [f.job_id, f.id, f.kind],
  );
  t.true((await migrate(db.pool, SCHEMA_DIR)).applied.includes('016_finding_batches.sql'));
  const copied = await db.pool.query(
    `SELECT job_id, finding_id, kind, batch_id, review_status, note, reviewed_by, via, previous_status
     FROM finding_events`,
  );
  t.deepEqual(copied.rows, [
    {
      job_id: f.job_id,
      finding_id: f.id,
      kind: f.kind,
      batch_id: null,
      review_status: 'acknowledged',
      note: 'old',
      reviewed_by: 'ana',
      via: 'web',
      previous_status: null,
    },
  ]);
});

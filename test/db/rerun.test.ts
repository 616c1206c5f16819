import { readFile, rename, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import pg from 'pg';
import { ImportBusyError } from '../../src/import/lock.ts';
import { runImport } from '../../src/import/run.ts';
import { reviewFinding } from '../../src/findings/decide.ts';
import { listFindings } from '../../src/findings/store.ts';
import { eventually } from '../helpers/poll.ts';
import { fixturesWithDatabase } from '../helpers/fixture-db.ts';

// Each test gets its own store copy and database: they edit files between runs.
const setup = (t: { teardown: (fn: () => Promise<void>) => void }) => fixturesWithDatabase(t);

async function lastRun(pool: pg.Pool) {
  const { rows } = await pool.query(
    'SELECT status, folders, counts FROM import_runs ORDER BY id DESC LIMIT 1',
  );
  return rows[0];
}

/** Rewrite a JSON file through `edit` and move its mtime forward, as the legacy server would. */
async function editJson(file: string, edit: (value: any) => void): Promise<void> {
  const value = JSON.parse(await readFile(file, 'utf8'));
  edit(value);
  await writeFile(file, JSON.stringify(value, null, 2));
  const later = new Date(Date.now() + 60_000);
  await utimes(file, later, later);
}

test('a rerun on an unchanged store reads no job file', async (t) => {
  const { db, root } = await setup(t);
  await runImport(db.pool, { jobsRoot: root });
  await runImport(db.pool, { jobsRoot: root });
  const run = await lastRun(db.pool);
  t.is(run.status, 'completed');
  t.like(run.folders, { found: 10, selected: 10, read: 0, files_read: 0, skipped_unchanged: 10 });
  t.is(run.counts.jobs.inserted + run.counts.jobs.updated, 0);
});

test('touching one job re-imports only that job', async (t) => {
  const { db, root } = await setup(t);
  await runImport(db.pool, { jobsRoot: root });
  const meta = path.join(root, 'job_a5c8d2e7f146/sections/site_factors/recordings/rec_a5_01.meta.json');
  await editJson(meta, (m) => (m.upload_status = 'processed'));
  await runImport(db.pool, { jobsRoot: root });
  const run = await lastRun(db.pool);
  t.like(run.folders, { read: 1, skipped_unchanged: 9 });
  t.like(run.counts.jobs, { inserted: 0, updated: 1 });
  t.like(run.counts.round_recordings, { updated: 1, inserted: 0, deleted: 0 });
  const { rows } = await db.pool.query(
    "SELECT upload_status FROM round_recordings WHERE job_id = 'job_a5c8d2e7f146' AND recording_id = 'rec_a5_01'",
  );
  t.is(rows[0].upload_status, 'processed');
  const events = await db.pool.query(
    "SELECT job_id, count(*)::int AS n FROM job_events WHERE event_type = 'imported' GROUP BY job_id HAVING count(*) > 1",
  );
  t.deepEqual(events.rows, [{ job_id: 'job_a5c8d2e7f146', n: 2 }]);
});

test('reviewer state survives reruns, and a disagreement that leaves the disk is closed as gone', async (t) => {
  const { db, root } = await setup(t);
  await runImport(db.pool, { jobsRoot: root });
  const [mismatch] = await listFindings(db.pool, { kind: 'latest_round_mismatch', job: 'job_4a1f0c2b9e01' });
  t.truthy(mismatch);
  await reviewFinding(db.pool, mismatch!.id, 'acknowledged', 'final is the authority here', 'reviewer-1');
  await runImport(db.pool, { jobsRoot: root, full: true });
  const [after] = await listFindings(db.pool, { job: 'job_4a1f0c2b9e01', kind: 'latest_round_mismatch' });
  t.like(after, {
    id: mismatch!.id,
    status: 'acknowledged',
    review_note: 'final is the authority here',
    reviewed_by: 'reviewer-1',
  });

  // The legacy server fixes the record: the disagreement is gone, the reviewer's words stay.
  await editJson(path.join(root, 'job_4a1f0c2b9e01/job_record.json'), (r) => (r.latest_round_id = 'round_2'));
  await runImport(db.pool, { jobsRoot: root });
  const { rows } = await db.pool.query(
    'SELECT status, review_status, review_note, gone_run_id FROM reconciliation WHERE id = $1',
    [mismatch!.id],
  );
  t.like(rows[0], {
    status: 'gone',
    review_status: 'acknowledged',
    review_note: 'final is the authority here',
  });
  t.truthy(rows[0].gone_run_id);
});

test('a changed final.json keeps the stored final and records final_changed_on_disk', async (t) => {
  const { db, root } = await setup(t);
  await runImport(db.pool, { jobsRoot: root });
  const before = await db.pool.query(
    "SELECT payload_sha256, payload->>'transcript' AS transcript FROM job_finals WHERE job_id = 'job_9e4f1b6a2d35' AND kind = 'final'",
  );
  await editJson(
    path.join(root, 'job_9e4f1b6a2d35/final.json'),
    (f) => (f.transcript = 'rewritten after archive'),
  );
  await runImport(db.pool, { jobsRoot: root });
  const after = await db.pool.query(
    "SELECT payload_sha256, payload->>'transcript' AS transcript FROM job_finals WHERE job_id = 'job_9e4f1b6a2d35' AND kind = 'final'",
  );
  t.deepEqual(after.rows, before.rows);
  const findings = await listFindings(db.pool, { kind: 'final_changed_on_disk' });
  t.is(findings.length, 1);
  t.like(findings[0], { job_id: 'job_9e4f1b6a2d35', status: 'open', severity: 'error' });
  t.is((findings[0]!.source_values as any).database_sha256, before.rows[0].payload_sha256);
});

test('a changed correction replaces the current one and appends correction_replaced with the old hash', async (t) => {
  const { db, root } = await setup(t);
  await runImport(db.pool, { jobsRoot: root });
  const old = await db.pool.query(
    "SELECT payload_sha256 FROM job_finals WHERE job_id = 'job_4a1f0c2b9e01' AND kind = 'correction'",
  );
  await editJson(
    path.join(root, 'job_4a1f0c2b9e01/final_correction.json'),
    (f) => (f.transcript = 'corrected again'),
  );
  await runImport(db.pool, { jobsRoot: root });
  const now = await db.pool.query(
    "SELECT payload_sha256, payload->>'transcript' AS transcript FROM job_finals WHERE job_id = 'job_4a1f0c2b9e01' AND kind = 'correction'",
  );
  t.is(now.rows[0].transcript, 'corrected again');
  const events = await db.pool.query(
    "SELECT payload FROM job_events WHERE job_id = 'job_4a1f0c2b9e01' AND event_type = 'correction_replaced'",
  );
  t.deepEqual(
    events.rows.map((r) => r.payload),
    [
      {
        previous_sha256: old.rows[0].payload_sha256,
        new_sha256: now.rows[0].payload_sha256,
        source: 'import',
      },
    ],
  );
});

test('a folder that disappears is a source_missing finding and keeps its rows; its return closes it', async (t) => {
  const { db, root } = await setup(t);
  await runImport(db.pool, { jobsRoot: root });
  await rename(path.join(root, 'job_d4e5f6a7b8c9'), path.join(root, '..', 'parked'));
  await runImport(db.pool, { jobsRoot: root });
  t.like((await lastRun(db.pool)).folders, { found: 9, missing: 1 });
  const jobs = await db.pool.query(
    "SELECT count(*)::int AS n FROM round_recordings WHERE job_id = 'job_d4e5f6a7b8c9'",
  );
  t.is(jobs.rows[0].n, 2);
  const [missing] = await listFindings(db.pool, { kind: 'source_missing' });
  t.like(missing, { job_id: 'job_d4e5f6a7b8c9', status: 'open' });
  await rename(path.join(root, '..', 'parked'), path.join(root, 'job_d4e5f6a7b8c9'));
  await runImport(db.pool, { jobsRoot: root });
  t.deepEqual(await listFindings(db.pool, { kind: 'source_missing', status: 'open' }), []);
});

test('--job limits the run to the named folders and reports unknown ones', async (t) => {
  const { db, root } = await setup(t);
  const summary = await runImport(db.pool, { jobsRoot: root, jobs: ['job_1', 'job_nope'] });
  t.like(summary.folders, { found: 10, selected: 1, read: 1 });
  const { rows } = await db.pool.query('SELECT job_id FROM jobs');
  t.deepEqual(rows, [{ job_id: 'job_1' }]);
  const issues = await db.pool.query("SELECT message FROM import_issues WHERE path = 'job_nope'");
  t.regex(issues.rows[0].message, /no such job folder/);
  t.deepEqual(
    await listFindings(db.pool, { kind: 'source_missing' }),
    [],
    'a limited run calls nothing missing',
  );
});

test('a second import against the same database exits with a clear message, or waits with --wait', async (t) => {
  const { db, root } = await setup(t);
  const holder = new pg.Client({ connectionString: db.url });
  await holder.connect();
  t.teardown(() => holder.end());
  await holder.query("SELECT pg_advisory_lock(hashtext('jobmig:import'))");
  const error = await t.throwsAsync(runImport(db.pool, { jobsRoot: root }), { instanceOf: ImportBusyError });
  t.regex(error!.message, /another jobmig import is running against this database/);
  const waiting = runImport(db.pool, { jobsRoot: root, lock: 'wait' });
  // The second import is provably queued behind the holder before the lock is let go.
  await eventually('the waiting import blocked on the lock', async () => {
    const { rows } = await holder.query(
      `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
       AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    return rows.length > 0;
  });
  await holder.query("SELECT pg_advisory_unlock(hashtext('jobmig:import'))");
  const summary = await waiting;
  t.is(summary.folders.read, 10);
});

test('a file touched without a content change is read once, then skipped; the job is not called changed', async (t) => {
  const { db, root } = await setup(t);
  await runImport(db.pool, { jobsRoot: root });
  const later = new Date(Date.now() + 120_000);
  await utimes(path.join(root, 'job_a5c8d2e7f146/job_record.json'), later, later);
  const touched = await runImport(db.pool, { jobsRoot: root });
  t.like(touched.folders, { read: 1, skipped_unchanged: 9 });
  t.is(touched.counts.jobs!.updated, 1, 'the stored fingerprint is the only change');
  const events = await db.pool.query(
    "SELECT count(*)::int AS n FROM job_events WHERE job_id = 'job_a5c8d2e7f146' AND event_type = 'imported'",
  );
  t.is(events.rows[0].n, 1, 'no second imported event for the same content');
  const next = await runImport(db.pool, { jobsRoot: root });
  t.like(next.folders, { read: 0, skipped_unchanged: 10 });
});

test('--full repairs rows removed by hand; a plain rerun trusts the fingerprint', async (t) => {
  const { db, root } = await setup(t);
  await runImport(db.pool, { jobsRoot: root });
  const where = "job_id = 'job_a5c8d2e7f146' AND recording_id = 'rec_a5_01'";
  await db.pool.query(`DELETE FROM round_recordings WHERE ${where}`);
  await runImport(db.pool, { jobsRoot: root });
  t.is((await db.pool.query(`SELECT count(*)::int AS n FROM round_recordings WHERE ${where}`)).rows[0].n, 0);
  const full = await runImport(db.pool, { jobsRoot: root, full: true });
  t.is((await db.pool.query(`SELECT count(*)::int AS n FROM round_recordings WHERE ${where}`)).rows[0].n, 1);
  t.like(full.counts.round_recordings, { inserted: 1, updated: 0, deleted: 0 });
  t.like(full.counts.jobs, { inserted: 0, updated: 0 });
  const events = await db.pool.query(
    "SELECT count(*)::int AS n FROM job_events WHERE event_type = 'imported'",
  );
  t.is(events.rows[0].n, 10, 'a repair is not a new import of the job');
});

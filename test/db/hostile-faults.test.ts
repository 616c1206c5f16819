/**
 * Faults from the database side: the connection cut mid-import (pg_terminate_backend), and the
 * database refusing a batch (a constraint one job violates).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { runImport } from '../../src/import/run.ts';
import { listJobFolders } from '../../src/legacy/scan.ts';
import { generateStore } from '../../scripts/gen-store/index.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { assertSameDump, canonicalDump, rowCounts } from '../helpers/dump.ts';
import { installGate, startImport } from '../helpers/gate.ts';
import { fixturesWithDatabase } from '../helpers/fixture-db.ts';

const JOBS = 150;

test('a connection cut mid-import: non-zero exit with a one-line message; the next run converges to a clean run', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jobmig-cut-'));
  const root = path.join(dir, 'jobs');
  await generateStore({ jobs: JOBS, seed: 11, out: root });
  const cut = await createTestDatabase();
  const clean = await createTestDatabase();
  t.teardown(async () => {
    await cut.drop();
    await clean.drop();
    await rm(dir, { recursive: true, force: true });
  });
  const { jobDirs } = await listJobFolders(root);
  const gate = await installGate(cut.pool);
  // The 6th batch of 10, inside its merge: five batches are committed, the sixth is open.
  await gate.arm('artifacts', jobDirs[55]!);
  const appName = `jobmig-cut-${process.pid}`;
  const run = startImport(root, cut.url, appName, ['--batch-size', '10', '--concurrency', '2']);
  const pid = await gate.waitUntilBlocked(appName, run.child);
  await cut.pool.query('SELECT pg_terminate_backend($1)', [pid]);
  const { code, stderr } = await run.exited;
  await gate.release();

  t.not(code, 0);
  t.is(stderr.trim().split('\n').length, 1, stderr);
  t.regex(
    stderr,
    /^jobmig: lost the connection to PostgreSQL during the import \(terminating connection due to administrator command\); committed batches are kept: run the import again to finish\n$/,
  );
  const { rows: runs } = await cut.pool.query('SELECT status, error FROM import_runs ORDER BY id');
  t.is(runs.length, 1);
  t.is(runs[0].status, 'failed');
  t.regex(runs[0].error, /terminating connection/);
  t.is((await rowCounts(cut.pool)).jobs, 50, 'the five committed batches stay');

  const resumed = await runImport(cut.pool, { jobsRoot: root });
  t.is(resumed.folders.skipped_unchanged, 50);
  await runImport(clean.pool, { jobsRoot: root });
  assertSameDump(t, await canonicalDump(cut.pool), await canonicalDump(clean.pool));
});

test('a connection cut while the importer is idle between queries is the same one-line failure, not a crash', async (t) => {
  const { db, root } = await fixturesWithDatabase(t);
  // Another import's lock: the importer polls for it, idle between polls, within its grace period.
  const holder = await db.pool.connect();
  t.teardown(() => holder.release());
  await holder.query("SELECT pg_advisory_lock(hashtext('jobmig:import'))");
  const appName = `jobmig-idle-${process.pid}`;
  const run = startImport(root, db.url, appName);
  let pid: number | undefined;
  while (pid === undefined && run.child.exitCode === null) {
    const { rows } = await db.pool.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND state = 'idle' AND query LIKE '%pg_try_advisory_lock%'",
      [appName],
    );
    pid = rows[0]?.pid;
    if (pid === undefined) await new Promise((resolve) => setTimeout(resolve, 10));
  }
  t.truthy(pid, 'the importer was seen idle, polling for the lock');
  await db.pool.query('SELECT pg_terminate_backend($1)', [pid]);
  const { code, stderr } = await run.exited;
  t.not(code, 0);
  t.is(stderr.trim().split('\n').length, 1, stderr);
  t.regex(stderr, /^jobmig: lost the connection to PostgreSQL/);
});

test('a batch the database refuses is retried job by job: the offending job is an issue with the server message, the rest land', async (t) => {
  const { db, root } = await fixturesWithDatabase(t);
  await db.pool.query(
    "ALTER TABLE jobs ADD CONSTRAINT hostile_no_j0008 CHECK (job_number IS DISTINCT FROM 'J0008')",
  );
  const summary = await runImport(db.pool, { jobsRoot: root, batchSize: 200 });

  const { rows: jobs } = await db.pool.query('SELECT job_id FROM jobs ORDER BY job_id');
  t.is(jobs.length, 9);
  t.false(jobs.some((j) => j.job_id === 'job_f0a1b2c3d4e5'));
  const { rows: refused } = await db.pool.query(
    "SELECT job_id, path, pointer, message FROM import_issues WHERE message LIKE 'the database refused%'",
  );
  t.deepEqual(refused, [
    {
      job_id: 'job_f0a1b2c3d4e5',
      path: 'job_f0a1b2c3d4e5',
      pointer: '',
      message: `the database refused this job's rows, nothing of it was loaded: new row for relation "jobs" violates check constraint "hostile_no_j0008"`,
    },
  ]);
  // The refused job's own file issues are still recorded, and nothing else of it landed.
  const { rows: fileIssues } = await db.pool.query(
    "SELECT count(*)::int AS n FROM import_issues WHERE job_id = 'job_f0a1b2c3d4e5' AND path LIKE 'job_f0a1b2c3d4e5/%'",
  );
  t.is(fileIssues[0].n, 2);
  const { rows: leftovers } = await db.pool.query(
    `SELECT (SELECT count(*) FROM job_rounds WHERE job_id = $1) + (SELECT count(*) FROM artifacts WHERE job_id = $1)
          + (SELECT count(*) FROM round_recordings WHERE job_id = $1) AS n`,
    ['job_f0a1b2c3d4e5'],
  );
  t.is(Number(leftovers[0].n), 0);
  t.is(
    (await db.pool.query('SELECT status FROM import_runs WHERE id = $1', [summary.runId])).rows[0].status,
    'completed',
  );

  // Once the database accepts it, the next run loads the job it refused (its fingerprint was never stored).
  await db.pool.query('ALTER TABLE jobs DROP CONSTRAINT hostile_no_j0008');
  const next = await runImport(db.pool, { jobsRoot: root });
  t.is(next.folders.read, 1);
  t.is((await rowCounts(db.pool)).jobs, 10);
});

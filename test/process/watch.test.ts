/**
 * `jobmig import --watch`: a change lands within two passes; SIGTERM exits 0, also mid-pass (the
 * run stops at a batch boundary, bookkeeping done); a connection cut during a pass is reported and
 * the next pass succeeds. Each test runs the CLI in a child process against a real PostgreSQL.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import type pg from 'pg';
import { runImport } from '../../src/import/run.ts';
import type { PassReport } from '../../src/import/watch.ts';
import { listJobFolders } from '../../src/legacy/scan.ts';
import { fixturesWithDatabase } from '../helpers/fixture-db.ts';
import { eventually } from '../helpers/poll.ts';
import { installGate, startImport, type ImportProcess } from '../helpers/gate.ts';

function passes(run: ImportProcess): PassReport[] {
  return run
    .stdout()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as PassReport);
}

async function until<T>(what: string, run: ImportProcess, find: () => T | undefined): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (run.child.exitCode !== null || Date.now() > deadline)
      throw new Error(`${what}: not seen; stdout ${run.stdout()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function runStatuses(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query<{ status: string }>('SELECT status FROM import_runs ORDER BY id');
  return rows.map((r) => r.status);
}

function watch(root: string, url: string, appName: string, args: string[] = []): ImportProcess {
  return startImport(root, url, appName, ['--watch', '--interval', '1', '--json', ...args]);
}

test('a job changed while watch runs lands within two passes; SIGTERM exits 0, no run left running', async (t) => {
  const { db, root } = await fixturesWithDatabase(t);
  const run = watch(root, db.url, `jobmig-watch-${process.pid}`);
  t.teardown(() => void run.child.kill('SIGKILL'));
  const first = await until('pass 1', run, () => passes(run)[0]);
  t.like(first, { pass: 1, status: 'completed', jobsAdded: 10, error: null });

  const file = path.join(root, 'job_4a1f0c2b9e01', 'job_record.json');
  await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, 'utf8')), reason: 'watched' }));
  const changedAt = passes(run).length;
  const landed = await until('the change', run, () => passes(run).find((p) => p.jobsChanged > 0));
  t.true(landed.pass <= changedAt + 2, `changed after pass ${changedAt}, landed in pass ${landed.pass}`);
  t.like(landed, { jobsChanged: 1, jobsAdded: 0, status: 'completed' });
  const { rows } = await db.pool.query("SELECT reason FROM jobs WHERE job_id = 'job_4a1f0c2b9e01'");
  t.is(rows[0].reason, 'watched');

  run.child.kill('SIGTERM');
  const { code, stderr } = await run.exited;
  t.is(code, 0, stderr);
  t.true((await runStatuses(db.pool)).every((s) => s === 'completed' || s === 'stopped'));
});

test('SIGTERM during a pass: the batch in flight commits, the run is stopped with its bookkeeping, exit 0', async (t) => {
  const { db, root } = await fixturesWithDatabase(t);
  const { jobDirs } = await listJobFolders(root);
  const gate = await installGate(db.pool);
  await gate.arm('jobs', jobDirs[4]!); // the third batch of two
  const appName = `jobmig-watch-stop-${process.pid}`;
  const run = watch(root, db.url, appName, ['--batch-size', '2', '--concurrency', '1']);
  t.teardown(() => void run.child.kill('SIGKILL'));
  await gate.waitUntilBlocked(appName, run.child);
  run.child.kill('SIGTERM');
  // Released only once the importer has taken the signal in, so the stop falls inside the pass.
  await eventually('the SIGTERM acknowledged', () => run.stderr().includes('stopping at the next batch'));
  await gate.release();
  const { code, stderr } = await run.exited;
  t.is(code, 0, stderr);
  t.regex(stderr, /SIGTERM: stopping at the next batch boundary/);
  const [pass] = passes(run);
  t.like(pass, { pass: 1, status: 'stopped', error: null });
  t.deepEqual(await runStatuses(db.pool), ['stopped']);
  const { rows } = await db.pool.query(
    'SELECT count(*)::int AS n, max(error) AS error FROM jobs, import_runs',
  );
  t.true(rows[0].n >= 6 && rows[0].n < 10, `${rows[0].n} jobs loaded: whole batches up to the stop`);
  t.regex(rows[0].error, /^stopped after \d+ of 10 job folders; the next run reads the rest$/);
  const next = await runImport(db.pool, { jobsRoot: root });
  t.is(next.folders.skipped_unchanged + next.folders.read, 10);
  t.is((await db.pool.query('SELECT count(*)::int AS n FROM jobs')).rows[0].n, 10);
});

test('a connection cut during a pass is reported, and the next pass succeeds', async (t) => {
  const { db, root } = await fixturesWithDatabase(t);
  const { jobDirs } = await listJobFolders(root);
  const gate = await installGate(db.pool);
  await gate.arm('jobs', jobDirs[4]!);
  const appName = `jobmig-watch-cut-${process.pid}`;
  const run = watch(root, db.url, appName, ['--batch-size', '2']);
  t.teardown(() => void run.child.kill('SIGKILL'));
  const pid = await gate.waitUntilBlocked(appName, run.child);
  await db.pool.query('SELECT pg_terminate_backend($1)', [pid]);
  await gate.release();
  const failed = await until('the failed pass', run, () => passes(run)[0]);
  t.like(failed, { pass: 1, status: 'failed', runId: null });
  t.regex(failed.error ?? '', /terminating connection/);
  const next = await until('a good pass', run, () => passes(run).find((p) => p.status === 'completed'));
  t.is(next.pass, 2);
  t.is(next.jobsAdded, 10 - 4, 'the batches committed before the cut stay');
  run.child.kill('SIGTERM');
  const { code, stderr } = await run.exited;
  t.is(code, 0, stderr);
  t.regex(run.stdout(), /^\{"pass":1,/);
  const statuses = await runStatuses(db.pool);
  t.is(statuses[0], 'failed');
  t.true(statuses.slice(1).every((s) => s === 'completed' || s === 'stopped'));
});

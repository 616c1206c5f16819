import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { runImport } from '../../src/import/run.ts';
import { generateStore } from '../../scripts/gen-store/index.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { canonicalDump } from '../helpers/dump.ts';
import { CLI } from '../helpers/cli.ts';

const JOBS = 400;

test('an import killed with SIGKILL mid-run is completed by the next run, exactly as one clean run', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jobmig-kill-'));
  const root = path.join(dir, 'jobs');
  // The store and both databases at once (none needs another), all removed however the test ends.
  const databases = Promise.all([createTestDatabase(), createTestDatabase()]);
  t.teardown(async () => {
    await databases.then(
      (dbs) => Promise.all(dbs.map((db) => db.drop())),
      () => {},
    );
    await rm(dir, { recursive: true, force: true });
  });
  await generateStore({ jobs: JOBS, seed: 7, out: root });
  const [killed, clean] = await databases;

  // The reference run goes into its own database at once, alongside the kill and the resume (advisory
  // locks are per database, so it does not wait for them): the test takes the longest path, not the sum.
  const cleanRun = runImport(clean.pool, { jobsRoot: root });
  cleanRun.catch(() => {}); // awaited below; not an unhandled rejection if an assertion fails first

  // Small batches so the kill lands between and inside batch transactions, not after the end.
  const child = spawn(
    process.execPath,
    [...CLI, 'import', root, '--database-url', killed.url, '--batch-size', '10', '--concurrency', '2'],
    {
      stdio: 'ignore',
    },
  );
  let loaded = 0;
  while (loaded < 20) {
    await new Promise((r) => setTimeout(r, 20));
    loaded = (await killed.pool.query('SELECT count(*)::int AS n FROM jobs')).rows[0].n;
    if (child.exitCode !== null) break;
  }
  t.true(child.kill('SIGKILL'), 'the import was still running when killed');
  await new Promise((r) => child.once('exit', r));
  const partial = (await killed.pool.query('SELECT count(*)::int AS n FROM jobs')).rows[0].n;
  t.true(partial > 0 && partial < JOBS, `killed mid-run with ${partial} of ${JOBS} jobs loaded`);
  t.is(partial % 10, 0, 'only whole batches were committed');

  // The killed client's server session may outlive it for a moment, still holding the import lock.
  const resumed = await runImport(killed.pool, { jobsRoot: root, lock: 'wait' });
  t.is(resumed.folders.skipped_unchanged, partial, 'what the killed run committed is not read again');
  const { rows: runs } = await killed.pool.query('SELECT status FROM import_runs ORDER BY id');
  t.deepEqual(
    runs.map((r) => r.status),
    ['interrupted', 'completed'],
  );

  await cleanRun;
  const [afterKill, afterClean] = await Promise.all([canonicalDump(killed.pool), canonicalDump(clean.pool)]);
  t.deepEqual(afterKill, afterClean);
});

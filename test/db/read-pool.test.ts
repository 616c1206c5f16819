import test from 'ava';
import { runImport } from '../../src/import/run.ts';
import { ReadPool } from '../../src/import/read-ahead.ts';
import { readAndPlan } from '../../src/import/read-and-plan.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { canonicalDump } from '../helpers/dump.ts';

const FIXTURES = new URL('../../fixtures/jobs', import.meta.url).pathname;

test('worker threads plan exactly what the main thread plans', async (t) => {
  const pool = ReadPool.start(2);
  t.teardown(() => pool.close());
  for (const jobDir of ['job_4a1f0c2b9e01', 'job_f0a1b2c3d4e5', 'job_1', 'no_such_folder']) {
    t.deepEqual(
      await pool.read(FIXTURES, jobDir, undefined),
      await readAndPlan(FIXTURES, jobDir, undefined),
      jobDir,
    );
  }
});

test('an import read by worker threads equals one read on the main thread', async (t) => {
  const threaded = await createTestDatabase();
  const inline = await createTestDatabase();
  t.teardown(async () => {
    await threaded.drop();
    await inline.drop();
  });
  const a = await runImport(threaded.pool, { jobsRoot: FIXTURES, threads: 2 });
  const b = await runImport(inline.pool, { jobsRoot: FIXTURES, threads: 0 });
  t.deepEqual(a.counts, b.counts);
  t.deepEqual(await canonicalDump(threaded.pool), await canonicalDump(inline.pool));
});

test('a closed pool refuses new work with a clear error', async (t) => {
  const pool = ReadPool.start(1);
  await pool.close();
  await t.throwsAsync(pool.read(FIXTURES, 'job_1', undefined), { message: /closed/ });
});

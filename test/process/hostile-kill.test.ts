/**
 * SIGKILL at seeded points: each seed picks a job and a table, the gate stops the importer at that
 * job's first insert into that table (mid-transaction), and the process is killed there. The rerun
 * must end with exactly the table contents of one clean run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { runImport } from '../../src/import/run.ts';
import { listJobFolders } from '../../src/legacy/scan.ts';
import { generateStore, mulberry32 } from '../../scripts/gen-store/index.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { assertSameDump, canonicalDump, rowCounts } from '../helpers/dump.ts';
import { GATEABLE_TABLES, installGate, startImport } from '../helpers/gate.ts';

const JOBS = 150;
const BATCH = 10;
// Chosen so the three kills land in three different tables and batches (printed by t.log).
const SEEDS = [4, 8, 14];

let dir: string;
let root: string;
let jobDirs: string[];
let clean: TestDatabase;
let cleanDump: Record<string, unknown[]>;

test.before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'jobmig-kill-seeds-'));
  root = path.join(dir, 'jobs');
  await generateStore({ jobs: JOBS, seed: 23, out: root });
  jobDirs = (await listJobFolders(root)).jobDirs;
  clean = await createTestDatabase();
  await runImport(clean.pool, { jobsRoot: root });
  cleanDump = await canonicalDump(clean.pool);
});
test.after.always(async () => {
  await clean?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

for (const seed of SEEDS) {
  test.serial(
    `seed ${seed}: killed mid-transaction at a seeded job and table, the rerun equals one clean run`,
    async (t) => {
      const random = mulberry32(seed);
      const table = GATEABLE_TABLES[Math.floor(random() * GATEABLE_TABLES.length)]!;
      const index = Math.floor(random() * jobDirs.length);
      t.log(
        `seed ${seed}: kill at the insert into ${table} of ${jobDirs[index]} (job ${index + 1} of ${jobDirs.length})`,
      );
      const db = await createTestDatabase();
      t.teardown(() => db.drop());
      const gate = await installGate(db.pool);
      await gate.arm(table, jobDirs[index]!);
      const appName = `jobmig-kill-${process.pid}-${seed}`;
      const run = startImport(root, db.url, appName, ['--batch-size', String(BATCH), '--concurrency', '2']);
      await gate.waitUntilBlocked(appName, run.child);
      t.true(run.child.kill('SIGKILL'));
      const { signal } = await run.exited;
      t.is(signal, 'SIGKILL');
      await gate.release();

      const partial = (await rowCounts(db.pool)).jobs!;
      t.is(
        partial,
        Math.floor(index / BATCH) * BATCH,
        'exactly the batches before the killed one were committed',
      );
      // The killed session may outlive its process for a moment, holding the import lock: wait for it.
      const resumed = await runImport(db.pool, { jobsRoot: root, lock: 'wait' });
      t.is(resumed.folders.skipped_unchanged, partial);
      const { rows: runs } = await db.pool.query('SELECT status FROM import_runs ORDER BY id');
      t.deepEqual(
        runs.map((r) => r.status),
        ['interrupted', 'completed'],
      );
      assertSameDump(t, await canonicalDump(db.pool), cleanDump);
    },
  );
}

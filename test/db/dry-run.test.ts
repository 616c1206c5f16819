/**
 * `jobmig import --dry-run`: on the fixtures with two jobs changed, one added and one removed, it
 * names exactly those four, counts what the real run then does, and writes nothing at all, even for
 * the owner; a SELECT-only role runs it. `runs show latest` after the real run names the same four.
 */
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import { dryRunImport } from '../../src/import/dry-run.ts';
import { runImport } from '../../src/import/run.ts';
import { jobmig } from '../helpers/cli.ts';
import { wholeDatabaseDump } from '../helpers/dump.ts';
import { fixturesWithDatabase } from '../helpers/fixture-db.ts';
import { selectOnlyRole } from '../helpers/reader.ts';

const CHANGED = ['job_4a1f0c2b9e01', 'job_9e4f1b6a2d35'];
const ADDED = 'job_new_cutover';
const REMOVED = 'job_c1d2e3f4a5b6';

async function editRecord(root: string, job: string, edit: Record<string, unknown>): Promise<void> {
  const file = path.join(root, job, 'job_record.json');
  const record = JSON.parse(await readFile(file, 'utf8'));
  await writeFile(file, JSON.stringify({ ...record, ...edit }));
}

/** Two jobs changed, one added (a new customer and job number), one removed. */
async function changeStore(root: string): Promise<void> {
  for (const job of CHANGED) await editRecord(root, job, { reason: 'changed before cutover' });
  await cp(path.join(root, CHANGED[0]!), path.join(root, ADDED), { recursive: true });
  await editRecord(root, ADDED, { job_id: ADDED, job_number: 'J9999', customer_name: 'New Customer' });
  await rm(path.join(root, REMOVED), { recursive: true });
}

interface DryJson {
  dryRun: true;
  counts: Record<string, unknown>;
  folders: Record<string, number>;
  jobs: { new: string[]; changed: string[]; gone: string[]; refused: string[] };
  unchanged: number;
}

test('dry run names the new, changed and gone folders, writes nothing, and counts what the run does', async (t) => {
  const { db, root } = await fixturesWithDatabase(t, { imported: true });
  const reader = await selectOnlyRole(t, db);
  await changeStore(root);
  const before = await wholeDatabaseDump(db.pool);

  const out = await jobmig(['import', root, '--dry-run', '--json', '--database-url', reader.url]);
  t.is(out.code, 0, out.stderr);
  const dry = JSON.parse(out.stdout) as DryJson;
  t.deepEqual(dry.jobs, { new: [ADDED], changed: CHANGED, gone: [REMOVED], refused: [] });
  t.is(dry.unchanged, 7);
  t.is(await wholeDatabaseDump(db.pool), before, 'the SELECT-only dry run wrote nothing');

  // The owner could write: still nothing, and no session keeps a lock.
  const owner = await dryRunImport(db.pool, { jobsRoot: root, batchSize: 2 });
  t.deepEqual(owner.jobs, dry.jobs);
  t.deepEqual(owner.counts, dry.counts, 'batches of 2 count as one batch does');
  t.is(await wholeDatabaseDump(db.pool), before, "the owner's dry run wrote nothing");
  const locks = await db.pool.query(
    `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database
     WHERE l.locktype = 'advisory' AND d.datname = current_database()`,
  );
  t.is(locks.rows[0].n, 0);

  const text = await jobmig(['import', root, '--dry-run', '--database-url', reader.url]);
  t.regex(text.stdout, /^dry run of .*: nothing was written\n/);
  t.regex(text.stdout, /would insert +│ would update/);
  t.regex(text.stdout, /\nnew job folders: 1\n {2}job_new_cutover\nchanged job folders: 2\n/);
  t.regex(
    text.stdout,
    /\ngone from disk job folders: 1\n {2}job_c1d2e3f4a5b6\nunchanged job folders: 7 \(not listed\)/,
  );

  const real = await runImport(db.pool, { jobsRoot: root });
  t.deepEqual(real.counts, dry.counts, 'what the dry run said the run would do');
  t.deepEqual(real.folders, dry.folders);

  const shown = await jobmig(['runs', 'show', 'latest', '--json', '--database-url', reader.url]);
  t.is(shown.code, 0, shown.stderr);
  t.deepEqual(JSON.parse(shown.stdout).jobs, { added: [ADDED], changed: CHANGED, gone: [REMOVED] });

  const again = await dryRunImport(db.pool, { jobsRoot: root });
  t.deepEqual(again.jobs, { new: [], changed: [], gone: [], refused: [] }, 'nothing left to do');
  t.is(again.unchanged, 10);
});

test('a first dry run on an empty database: every folder new, the same counts as the first import', async (t) => {
  const { db, root } = await fixturesWithDatabase(t);
  const before = await wholeDatabaseDump(db.pool);
  const dry = await dryRunImport(db.pool, { jobsRoot: root, batchSize: 3 });
  t.is(dry.jobs.new.length, 10);
  t.is(await wholeDatabaseDump(db.pool), before);
  const real = await runImport(db.pool, { jobsRoot: root, batchSize: 3 });
  t.deepEqual(real.counts, dry.counts);
  const full = await dryRunImport(db.pool, { jobsRoot: root, full: true });
  t.deepEqual(
    full.jobs,
    { new: [], changed: [], gone: [], refused: [] },
    '--full re-reads every folder and finds them equal',
  );
  t.is(full.folders.read, 10);
});

test('a job the database would refuse: the dry run counts it as the run does, batch retried job by job', async (t) => {
  const { db, root } = await fixturesWithDatabase(t);
  await db.pool.query("ALTER TABLE jobs ADD CONSTRAINT no_job_1 CHECK (job_id <> 'job_d4e5f6a7b8c9')");
  const before = await wholeDatabaseDump(db.pool);
  const dry = await dryRunImport(db.pool, { jobsRoot: root, batchSize: 4 });
  t.is(await wholeDatabaseDump(db.pool), before);
  t.false(dry.jobs.new.includes('job_d4e5f6a7b8c9'));
  t.deepEqual(dry.jobs.refused, ['job_d4e5f6a7b8c9']);
  t.is(dry.jobs.new.length, 9);
  t.is(dry.unchanged, 0);
  // The refused job counts twice, as in a run (the refusal, and its issue row), plus the fixtures' two.
  t.is(dry.counts.jobs?.errors, 2 + 2);
  const real = await runImport(db.pool, { jobsRoot: root, batchSize: 4 });
  t.deepEqual(real.counts, dry.counts);
});

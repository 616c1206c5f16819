/**
 * The filesystem as an adversary: links (loops, out of the root), a directory where a file belongs
 * and the reverse, FIFOs, files and folders that vanish or change kind between scan and read, and
 * folder names no one planned for. Nothing outside the root is read, nothing hangs, each is an issue.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import { planAndReconcile } from '../../src/import/read-and-plan.ts';
import { runImport, type ImportSummary } from '../../src/import/run.ts';
import { directoryConflict, fileConflict } from '../../src/legacy/layout.ts';
import { readJob } from '../../src/legacy/read-job.ts';
import { listJobFolders, scanJobFolder } from '../../src/legacy/scan.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { canonicalDump } from '../helpers/dump.ts';
import { makeStore, validJob, writeJob } from '../helpers/hostile-store.ts';

const SECRET = 'SECRET-OUTSIDE-THE-ROOT';
const mkfifo = (file: string) => execFileSync('mkfifo', [file]);
const STRANGE_NAMES = [
  'job with spaces',
  `job "double" 'single'`,
  'job\nnewline',
  'задание_дуб',
  '作業_木',
  'job_tab\there',
];

let database: TestDatabase;
let summary: ImportSummary;
let root: string;
let cleanup: () => Promise<void>;

test.before(async () => {
  database = await createTestDatabase();
  const store = await makeStore();
  ({ root, cleanup } = store);
  // Outside the jobs root, beside it: what a link could reach if one were followed.
  const outside = path.join(root, '..', 'outside');
  await writeJob(outside, 'job_elsewhere', validJob('job_elsewhere', 'J9999'));
  await writeFile(
    path.join(outside, 'secret.json'),
    JSON.stringify({ customer_name: SECRET, job_number: SECRET }),
  );

  await writeJob(root, 'job_control', validJob('job_control', 'J0001'));

  const links = 'job_links';
  await writeJob(root, links, validJob(links, 'J0002'));
  await rm(path.join(root, links, 'job_record.json'));
  await symlink(path.join(outside, 'secret.json'), path.join(root, links, 'job_record.json'));
  await symlink(
    path.join(outside, 'job_elsewhere', 'sections'),
    path.join(root, links, 'sections', 'elsewhere'),
  );
  await symlink('loop_b', path.join(root, links, 'rounds', 'loop_a'));
  await symlink('loop_a', path.join(root, links, 'rounds', 'loop_b'));
  await symlink('.', path.join(root, links, 'sections', 'trunk', 'recordings', 'self'));
  // At the top of the root: a link to a job outside it, and a link to itself.
  await symlink(path.join(outside, 'job_elsewhere'), path.join(root, 'job_linked_outside'));
  await symlink('job_self_loop', path.join(root, 'job_self_loop'));

  const swapped = 'job_swapped';
  const files = validJob(swapped, 'J0003');
  delete files['job_record.json'];
  delete files['sections/trunk/recordings/rec_1.meta.json'];
  await writeJob(root, swapped, {
    ...files,
    'job_record.json/inner.txt': 'a folder named like a file',
    'rounds/round_2': 'a file named like a round folder',
  });
  await mkdir(path.join(root, swapped, 'sections/trunk/recordings/rec_1.meta.json'));
  await writeJob(root, swapped, {
    'sections/site_factors/recordings': 'a file where the recordings folder belongs',
  });

  const fifo = 'job_fifo';
  const fifoFiles = validJob(fifo, 'J0004');
  delete fifoFiles['final.json'];
  await writeJob(root, fifo, fifoFiles);
  mkfifo(path.join(root, fifo, 'final.json'));
  mkfifo(path.join(root, 'a_fifo_at_the_top'));

  for (const [i, name] of STRANGE_NAMES.entries()) await writeJob(root, name, validJob(name, `J01${i}`));

  summary = await runImport(database.pool, { jobsRoot: root });
});
test.after.always(async () => {
  await cleanup?.();
  await database?.drop();
});

async function issues(where: string): Promise<Array<[string, string]>> {
  const { rows } = await database.pool.query(
    'SELECT path, message FROM import_issues WHERE path LIKE $1 ORDER BY path',
    [`${where}%`],
  );
  return rows.map((r) => [r.path, r.message]);
}

test('the run completes and nothing from outside the root reaches the database', async (t) => {
  t.is(
    (await database.pool.query('SELECT status FROM import_runs WHERE id = $1', [summary.runId])).rows[0]
      .status,
    'completed',
  );
  const dump = JSON.stringify(await canonicalDump(database.pool));
  t.false(dump.includes(SECRET), 'the linked job_record.json was not read');
  t.false(dump.includes('J9999'), 'the linked job outside the root was not read');
  t.false(dump.includes('job_elsewhere'));
  const { rows } = await database.pool.query(
    "SELECT path FROM artifacts WHERE path LIKE 'job_links/%' ORDER BY path",
  );
  t.false(
    rows.some((r) => /elsewhere|loop_|\/self/.test(r.path)),
    JSON.stringify(rows),
  );
});

test('links inside a job folder (out of the root, loops, to itself) are issues, never followed', async (t) => {
  t.deepEqual(await issues('job_links/'), [
    ['job_links/job_record.json', 'symbolic link: not followed, not imported'],
    ['job_links/rounds/loop_a', 'symbolic link: not followed, not imported'],
    ['job_links/rounds/loop_b', 'symbolic link: not followed, not imported'],
    ['job_links/sections/elsewhere', 'symbolic link: not followed, not imported'],
    ['job_links/sections/trunk/recordings/self', 'symbolic link: not followed, not imported'],
  ]);
  const job = (await database.pool.query("SELECT source, record FROM jobs WHERE job_id = 'job_links'"))
    .rows[0];
  t.deepEqual(
    job,
    { source: 'final_only', record: null } as unknown,
    'no record read through the link; the final still seeds the job',
  );
});

test('links at the top of the root are issues, not jobs', async (t) => {
  t.deepEqual(await issues('job_linked_outside'), [
    ['job_linked_outside', 'symbolic link at the top of the jobs root: not followed, not imported'],
  ]);
  t.deepEqual(await issues('job_self_loop'), [
    ['job_self_loop', 'symbolic link at the top of the jobs root: not followed, not imported'],
  ]);
  const { rows } = await database.pool.query(
    "SELECT job_id FROM jobs WHERE job_id IN ('job_linked_outside', 'job_self_loop')",
  );
  t.deepEqual(rows, []);
});

test('a directory where a file belongs, and files where directories belong, are issues', async (t) => {
  t.deepEqual(await issues('job_swapped/'), [
    [
      'job_swapped/job_record.json',
      'a directory where the layout expects a file (job_record): not read as one',
    ],
    [
      'job_swapped/rounds/round_2',
      'a file where the layout expects a directory: kept as an artifact of kind other',
    ],
    [
      'job_swapped/sections/site_factors/recordings',
      'a file where the layout expects a directory: kept as an artifact of kind other',
    ],
    [
      'job_swapped/sections/trunk/recordings/rec_1.meta.json',
      'a directory where the layout expects a file (recording_meta): not read as one',
    ],
  ]);
  const { rows } = await database.pool.query(
    "SELECT path, kind FROM artifacts WHERE job_id = 'job_swapped' AND kind = 'other' ORDER BY path",
  );
  t.deepEqual(rows, [
    { path: 'job_swapped/job_record.json/inner.txt', kind: 'other' },
    { path: 'job_swapped/rounds/round_2', kind: 'other' },
    { path: 'job_swapped/sections/site_factors/recordings', kind: 'other' },
  ]);
  t.is(
    (await database.pool.query("SELECT source FROM jobs WHERE job_id = 'job_swapped'")).rows[0].source,
    'final_only',
  );
});

test('a FIFO is never opened: an issue in the job and at the top, and the import did not hang', async (t) => {
  t.deepEqual(await issues('job_fifo/'), [
    ['job_fifo/final.json', 'not a regular file (FIFO, socket or device): not read'],
  ]);
  t.deepEqual(await issues('a_fifo'), [
    ['a_fifo_at_the_top', 'not a job folder (a file at the top of the jobs root): ignored'],
  ]);
  t.is(
    (await database.pool.query("SELECT count(*)::int AS n FROM job_finals WHERE job_id = 'job_fifo'")).rows[0]
      .n,
    0,
  );
});

test('folder names with spaces, quotes, newlines, tabs and non-Latin letters are jobs like any other', async (t) => {
  const { rows } = await database.pool.query(
    `SELECT j.job_id, j.job_number, count(a.*)::int AS artifacts,
            (SELECT count(*)::int FROM import_issues i WHERE i.job_id = j.job_id) AS issues,
            (SELECT file_path FROM round_recordings r WHERE r.job_id = j.job_id) AS recording
     FROM jobs j JOIN artifacts a USING (job_id) WHERE j.job_id = ANY($1) GROUP BY j.job_id ORDER BY j.job_number`,
    [STRANGE_NAMES],
  );
  t.deepEqual(
    rows,
    STRANGE_NAMES.map((name, i) => ({
      job_id: name,
      job_number: `J01${i}`,
      artifacts: 6,
      issues: 0,
      recording: `${name}/sections/trunk/recordings/rec_1.wav`,
    })),
  );
});

// Library-level: the moments between scan and read, which a whole import cannot time.

test('a file that vanishes between scan and read is an issue; the rest of the job is read', async (t) => {
  const store = await makeStore();
  t.teardown(store.cleanup);
  await writeJob(store.root, 'job_v', validJob('job_v', 'J0100'));
  const scanned = await scanJobFolder(store.root, 'job_v');
  await rm(path.join(store.root, 'job_v', 'job_record.json'));
  await rm(path.join(store.root, 'job_v', 'sections/trunk/recordings/rec_1.meta.json'));
  const read = await readJob(store.root, scanned);
  t.deepEqual(
    read.issues.map((i) => [i.path, i.message]),
    [
      ['job_v/job_record.json', 'file vanished between scan and read'],
      ['job_v/sections/trunk/recordings/rec_1.meta.json', 'file vanished between scan and read'],
    ].sort(),
  );
  const plan = planAndReconcile(read);
  t.is(plan.job.source, 'final_only');
  t.is(plan.recordings.length, 1);
});

test('a link or a FIFO put in place of a file after the scan is refused when read, without hanging', async (t) => {
  const store = await makeStore();
  t.teardown(store.cleanup);
  await writeJob(store.root, 'job_w', validJob('job_w', 'J0101'));
  await writeFile(path.join(store.root, 'secret.json'), JSON.stringify({ customer_name: SECRET }));
  const scanned = await scanJobFolder(store.root, 'job_w');
  await rm(path.join(store.root, 'job_w', 'job_record.json'));
  await symlink(path.join(store.root, 'secret.json'), path.join(store.root, 'job_w', 'job_record.json'));
  await rm(path.join(store.root, 'job_w', 'final.json'));
  mkfifo(path.join(store.root, 'job_w', 'final.json'));
  const read = await readJob(store.root, scanned);
  t.deepEqual(read.issues.map((i) => [i.path, i.message]).sort(), [
    ['job_w/final.json', 'could not read file: ENOTREGULAR'],
    ['job_w/job_record.json', 'could not read file: ELOOP'],
  ]);
  t.is(read.record, null);
  t.false(JSON.stringify(planAndReconcile(read)).includes(SECRET));
});

test('a job folder that vanishes between listing and scan is an issue, never an empty job', async (t) => {
  const store = await makeStore();
  t.teardown(store.cleanup);
  await writeJob(store.root, 'job_x', validJob('job_x', 'J0102'));
  const listing = await listJobFolders(store.root);
  t.deepEqual(listing.jobDirs, ['job_x']);
  await rm(path.join(store.root, 'job_x'), { recursive: true });
  const gone = path.join(store.root, 'job_x');
  await t.throwsAsync(scanJobFolder(store.root, 'job_x'), {
    code: 'ENOENT',
    message: `ENOENT: no such file or directory, lstat '${gone}'`,
  });
  // A folder replaced by a file fails the same way, with its own message.
  await writeFile(gone, 'not a folder');
  await t.throwsAsync(scanJobFolder(store.root, 'job_x'), { message: 'job_x is no longer a directory' });
});

test('directoryConflict and fileConflict: only paths the layout names for the other kind', (t) => {
  for (const dir of [
    'rounds',
    'rounds/round_1',
    'sections/trunk',
    'sections/trunk/recordings',
    'sections/trunk/recordings/old',
    'notes',
  ]) {
    t.is(directoryConflict(dir), null, dir);
  }
  for (const dir of [
    'job_record.json',
    'final.json',
    'rounds/round_1/review.json',
    'sections/job_photos/images/img_1.jpg',
  ]) {
    t.truthy(directoryConflict(dir), dir);
  }
  for (const file of [
    'job_record.json',
    'notes.txt',
    'rounds/round_1/manifest.json',
    'sections/trunk/recordings/rec.wav',
    'sections/trunk/other/x',
  ]) {
    t.is(fileConflict(file), null, file);
  }
  for (const file of [
    'rounds',
    'sections',
    'rounds/round_1',
    'sections/trunk',
    'sections/trunk/recordings',
    'sections/job_photos/images',
  ]) {
    t.truthy(fileConflict(file), file);
  }
});

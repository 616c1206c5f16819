import { access, readFile, symlink, rm, writeFile, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { runImport } from '../../src/import/run.ts';
import { prune } from '../../src/prune/prune.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { canonicalDump } from '../helpers/dump.ts';
import { fixturesWithDatabase } from '../helpers/fixture-db.ts';
import { FIXTURES } from '../helpers/store.ts';

const J4 = 'job_4a1f0c2b9e01';
const J6 = 'job_6c2d7e9f0a13';

async function setup(t: {
  teardown: (fn: () => Promise<void>) => void;
}): Promise<{ db: TestDatabase; root: string; moved: string }> {
  const { db, root } = await fixturesWithDatabase(t, { imported: true });
  const moved = await mkdtemp(path.join(os.tmpdir(), 'jobmig-pruned-'));
  t.teardown(() => rm(moved, { recursive: true, force: true }));
  return { db, root, moved };
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );
const count = async (db: TestDatabase, sql: string, params: unknown[] = []) =>
  (await db.pool.query(sql, params)).rows[0].n as number;

test('the dry run lists candidates with reasons and changes nothing', async (t) => {
  const { db, root } = await setup(t);
  const before = await canonicalDump(db.pool);
  const report = await prune(db.pool, { jobsRoot: root });
  t.deepEqual(report.pruned, []);
  const j4 = report.plans.find((p) => p.jobId === J4)!;
  t.deepEqual(j4.refusals, []);
  t.deepEqual(
    j4.candidates.filter((c) => c.candidate === 'round').map((c) => [c.key, c.reason]),
    [['round_1', 'round not referenced by the final or correction snapshot']],
  );
  t.false(
    report.plans.some((p) => ['job_f0a1b2c3d4e5', 'job_c1d2e3f4a5b6'].includes(p.jobId)),
    'jobs that are not archived are never listed',
  );
  t.deepEqual(await canonicalDump(db.pool), before);
});

test('--apply with --move-files-to prunes each job in one go, moves its files, and a second run changes nothing', async (t) => {
  const { db, root, moved } = await setup(t);
  const keep = await db.pool.query('SELECT count(*)::int AS n FROM job_finals');
  const report = await prune(db.pool, { jobsRoot: root, apply: true, moveFilesTo: moved });
  const j4 = report.pruned.find((p) => p.jobId === J4)!;
  t.deepEqual(j4.rounds, ['round_1']);
  t.deepEqual(
    j4.artifacts.filter((a) => a.kind !== 'audio').map((a) => a.path),
    [`${J4}/rounds/round_1/manifest.json`, `${J4}/rounds/round_1/review.json`],
  );
  t.is(j4.artifacts.filter((a) => a.kind === 'audio').length, 5);
  t.false(await exists(path.join(root, J4, 'rounds/round_1')), 'the emptied round folder is gone');
  t.deepEqual(
    await readFile(path.join(moved, J4, 'rounds/round_1/review.json')),
    await readFile(path.join(FIXTURES, J4, 'rounds/round_1/review.json')),
  );
  t.true(
    await exists(path.join(root, J4, 'sections/client_tree_details/recordings/rec_4a_01.transcript.txt')),
    'transcripts stay',
  );
  t.true(
    await exists(path.join(root, J4, 'sections/notes_explanations_descriptions/recordings/rec_4a_06.wav')),
    'audio without a transcript stays',
  );
  t.is(await count(db, 'SELECT count(*)::int AS n FROM job_rounds WHERE job_id = $1', [J4]), 2);
  t.is(await count(db, 'SELECT count(*)::int AS n FROM job_finals'), keep.rows[0].n);
  const event = await db.pool.query(
    "SELECT payload FROM job_events WHERE job_id = $1 AND event_type = 'pruned'",
    [J4],
  );
  t.is(event.rows.length, 1);
  t.deepEqual(event.rows[0].payload.rounds, ['round_1']);
  t.deepEqual(event.rows[0].payload.files_moved, j4.moved);
  t.is(j4.moved.length, 7);

  const after = await canonicalDump(db.pool);
  const second = await prune(db.pool, { jobsRoot: root, apply: true, moveFilesTo: moved });
  t.deepEqual(second.pruned, []);
  t.deepEqual(await canonicalDump(db.pool), after);

  // The import sees the pruned folders and does not bring the rounds back.
  await runImport(db.pool, { jobsRoot: root });
  t.is(
    await count(db, "SELECT count(*)::int AS n FROM job_rounds WHERE job_id = $1 AND round_id = 'round_1'", [
      J4,
    ]),
    0,
  );
});

test('a job whose final.json on disk no longer matches is refused with a clear message; the others are pruned', async (t) => {
  const { db, root } = await setup(t);
  const finalPath = path.join(root, J4, 'final.json');
  await writeFile(finalPath, (await readFile(finalPath, 'utf8')).replace('"round_2"', '"round_1"'));
  const report = await prune(db.pool, { jobsRoot: root, apply: true });
  const j4 = report.plans.find((p) => p.jobId === J4)!;
  t.is(j4.refusals.length, 1);
  t.regex(
    j4.refusals[0]!,
    /^job_4a1f0c2b9e01\/final\.json on disk no longer matches the archived final \(database sha256 [0-9a-f]{12}, disk [0-9a-f]{12}\)$/,
  );
  t.false(report.pruned.some((p) => p.jobId === J4));
  t.is(await count(db, 'SELECT count(*)::int AS n FROM job_rounds WHERE job_id = $1', [J4]), 3);
  t.is(
    await count(db, "SELECT count(*)::int AS n FROM job_events WHERE job_id = $1 AND event_type = 'pruned'", [
      J4,
    ]),
    0,
  );
  t.true(report.pruned.some((p) => p.jobId === J6));
  t.true(
    await exists(path.join(root, J6, 'rounds/round_2/review.json')),
    'without --move-files-to no file is touched',
  );
});

test('a missing retained output refuses the job', async (t) => {
  const { db, root } = await setup(t);
  await rm(path.join(root, J6, 'final_report_letter.docx'));
  const report = await prune(db.pool, { jobsRoot: root });
  t.deepEqual(report.plans.find((p) => p.jobId === J6)!.refusals, [
    `retained file ${J6}/final_report_letter.docx is missing from disk`,
  ]);
});

test('a recording tied only to an unreferenced round goes with its files and metadata', async (t) => {
  const { db, root, moved } = await setup(t);
  const review = path.join(root, J6, 'rounds/round_15/review.json');
  const value = JSON.parse(await readFile(review, 'utf8'));
  value.section_recordings.client_tree_details = [];
  await writeFile(review, JSON.stringify(value));
  await runImport(db.pool, { jobsRoot: root, full: true });
  const report = await prune(db.pool, { jobsRoot: root, apply: true, moveFilesTo: moved, jobId: J6 });
  const j6 = report.pruned[0]!;
  t.deepEqual(j6.recordings, ['client_tree_details/rec_6c_01']);
  for (const name of ['rec_6c_01.m4a', 'rec_6c_01.transcript.txt', 'rec_6c_01.meta.json']) {
    t.true(await exists(path.join(moved, J6, 'sections/client_tree_details/recordings', name)), name);
    t.false(await exists(path.join(root, J6, 'sections/client_tree_details/recordings', name)), name);
  }
});

test('a candidate path that leaves the job, or a candidate file that is a link, is never moved; the job rolls back', async (t) => {
  const { db, root, moved } = await setup(t);
  const outside = path.join(root, '..', 'outside.json');
  await writeFile(outside, 'keep me');
  await db.pool.query(
    `INSERT INTO artifacts (job_id, path, kind, round_id, size, mtime, row_sha256)
     VALUES ($1, $2, 'review_json', 'round_1', 7, now(), 'x')`,
    [J4, `${J4}/../outside.json`],
  );
  await t.throwsAsync(prune(db.pool, { jobsRoot: root, apply: true, moveFilesTo: moved, jobId: J4 }), {
    message: /"\.\." segment: refused/,
  });
  t.is(await readFile(outside, 'utf8'), 'keep me');
  t.true(await exists(path.join(root, J4, 'rounds/round_1/manifest.json')), 'nothing of the job was moved');
  t.is(await count(db, 'SELECT count(*)::int AS n FROM job_rounds WHERE job_id = $1', [J4]), 3);

  await db.pool.query('DELETE FROM artifacts WHERE path = $1', [`${J4}/../outside.json`]);
  const manifest = path.join(root, J6, 'rounds/round_2/manifest.json');
  await rm(manifest);
  await symlink(outside, manifest);
  await t.throwsAsync(prune(db.pool, { jobsRoot: root, apply: true, moveFilesTo: moved, jobId: J6 }), {
    message: /is a symbolic link: refused/,
  });
  t.is(await readFile(outside, 'utf8'), 'keep me');
  t.is(await count(db, 'SELECT count(*)::int AS n FROM job_rounds WHERE job_id = $1', [J6]), 2);
});

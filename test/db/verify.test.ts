import test from 'ava';
import { verifyStore } from '../../src/verify/verify.ts';
import { jobmig } from '../helpers/cli.ts';
import { useTestDatabase } from '../helpers/db.ts';
import { copyFixtures, FIXTURES, STORAGE_ROOT } from '../helpers/store.ts';

const db = useTestDatabase(test, { importFrom: FIXTURES });

test.serial('a clean import of the fixtures has no difference (library and CLI, exit 0)', async (t) => {
  const result = await verifyStore(db().pool, FIXTURES);
  t.deepEqual(result, { jobsRoot: FIXTURES, jobsOnDisk: 10, jobsOnlyInDatabase: 0, differences: [] });
  const cli = await jobmig(['verify', FIXTURES, '--database-url', db().url]);
  t.is(cli.code, 0, cli.stderr);
  t.is(cli.stdout, 'no differences: 10 job folder(s) on disk, 0 job(s) only in the database\n');
});

test.serial('a storage root is verified through its jobs/ folder', async (t) => {
  const result = await verifyStore(db().pool, STORAGE_ROOT);
  t.deepEqual(result, {
    jobsRoot: FIXTURES.replace(/\/$/, ''),
    jobsOnDisk: 10,
    jobsOnlyInDatabase: 0,
    differences: [],
  });
});

test.serial('one round_recordings row deleted by hand is exactly one difference (exit 1)', async (t) => {
  await db().pool.query(
    "DELETE FROM round_recordings WHERE job_id = 'job_4a1f0c2b9e01' AND recording_id = 'rec_4a_05'",
  );
  const result = await verifyStore(db().pool, FIXTURES);
  t.deepEqual(result.differences, [
    { job_id: 'job_4a1f0c2b9e01', count: 'recordings', disk: 6, database: 5 },
  ]);
  const cli = await jobmig(['verify', FIXTURES, '--database-url', db().url, '--format', 'json']);
  t.is(cli.code, 1, cli.stderr);
  t.deepEqual(JSON.parse(cli.stdout), {
    jobs_root: FIXTURES,
    jobs_on_disk: 10,
    jobs_only_in_database: 0,
    differences: [{ job_id: 'job_4a1f0c2b9e01', count: 'recordings', disk: 6, database: 5 }],
  });
  const table = await jobmig(['verify', FIXTURES, '--database-url', db().url]);
  t.is(table.code, 1);
  t.regex(table.stdout, /job_4a1f0c2b9e01 │ recordings │ +6 │ +5/);
  t.regex(table.stdout, /1 difference\(s\)/);
});

test.serial(
  'files removed from disk and a job folder gone are differences in every count they touch',
  async (t) => {
    const store = await copyFixtures();
    try {
      const { rm } = await import('node:fs/promises');
      await rm(`${store.root}/job_1`, { recursive: true });
      await rm(`${store.root}/job_6c2d7e9f0a13/final_report_letter.docx`);
      const result = await verifyStore(db().pool, store.root);
      t.is(result.jobsOnDisk, 9);
      t.is(result.jobsOnlyInDatabase, 1);
      const byJob = (job: string) =>
        result.differences.filter((d) => d.job_id === job).map((d) => [d.count, d.disk, d.database]);
      t.deepEqual(byJob('job_6c2d7e9f0a13'), [['artifacts report_docx', 0, 1]]);
      t.deepEqual(byJob('job_1'), [
        ['job', 0, 1],
        ['rounds', 0, 1],
        ['recordings', 0, 3],
        ['finals', 0, 1],
        ['artifacts audio', 0, 3],
        ['artifacts final_json', 0, 1],
        ['artifacts final_pdf', 0, 1],
        ['artifacts geojson', 0, 1],
        ['artifacts manifest_json', 0, 1],
        ['artifacts report_pdf', 0, 1],
        ['artifacts review_json', 0, 1],
        ['artifacts transcript_txt', 0, 3],
      ]);
      t.deepEqual(byJob('job_4a1f0c2b9e01'), [['recordings', 6, 5]]);
      t.is(result.differences.length, 14);
    } finally {
      await store.cleanup();
    }
  },
);

test.serial('a missing jobs root is a one-line error', async (t) => {
  const cli = await jobmig(['verify', '/nonexistent/jobs', '--database-url', db().url]);
  t.is(cli.code, 2);
  t.is(cli.stderr, 'jobmig: jobs root /nonexistent/jobs is not a directory\n');
});

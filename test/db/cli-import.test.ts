import test from 'ava';
import { jobmig } from '../helpers/cli.ts';
import { useTestDatabase } from '../helpers/db.ts';

const FIXTURES = new URL('../../fixtures/jobs', import.meta.url).pathname;
const db = useTestDatabase(test);

test.serial('import prints the per-table summary and exits 0 even when files had issues', async (t) => {
  const result = await jobmig(['import', FIXTURES, '--database-url', db().url]);
  t.is(result.code, 0, result.stderr);
  t.regex(result.stdout, /job folders: 10 selected of 10 found, 10 read/);
  t.regex(result.stdout, /round_recordings\s*│\s*30\s*│\s*30/);
});

test.serial('--json prints the same summary as JSON', async (t) => {
  const result = await jobmig(['import', FIXTURES, '--database-url', db().url, '--json', '--full']);
  t.is(result.code, 0, result.stderr);
  const summary = JSON.parse(result.stdout);
  t.is(summary.jobFolders, 10);
  t.is(summary.counts.jobs.read, 10);
});

test.serial('a missing jobs root exits non-zero with a one-line reason', async (t) => {
  const result = await jobmig(['import', '/nonexistent/jobs', '--database-url', db().url]);
  t.not(result.code, 0);
  t.is(result.stderr.trim().split('\n').length, 1);
  t.regex(result.stderr, /jobs root \/nonexistent\/jobs does not exist/);
});

test.serial('an unreachable database exits non-zero naming the URL without its password', async (t) => {
  const result = await jobmig([
    'import',
    FIXTURES,
    '--database-url',
    'postgres://someone:s3cret@127.0.0.1:1/nowhere',
  ]);
  t.not(result.code, 0);
  t.regex(result.stderr, /could not connect to PostgreSQL/);
  t.notRegex(result.stderr, /s3cret/);
  t.is(result.stderr.trim().split('\n').length, 1);
});

/** `jobmig runs list|show`: per run, what it added, changed and marked gone, and the findings it opened and closed. */
import { cp, mkdtemp, rename, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { migrate, SCHEMA_DIR } from '../../src/db/migrate.ts';
import { runImport } from '../../src/import/run.ts';
import { jobmig } from '../helpers/cli.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { fixturesWithDatabase } from '../helpers/fixture-db.ts';
import { FIXTURES } from '../helpers/store.ts';

interface Shown {
  id: number;
  status: string;
  jobs: { added: string[]; changed: string[]; gone: string[] };
  findings: Record<'opened' | 'reopened' | 'closed', { id: string; job_id: string; kind: string }[]>;
  import_issues: { path: string }[];
}

async function show(url: string, run: string): Promise<Shown> {
  const out = await jobmig(['runs', 'show', run, '--json', '--database-url', url]);
  if (out.code !== 0) throw new Error(out.stderr);
  return JSON.parse(out.stdout) as Shown;
}

const kinds = (findings: { kind: string; job_id: string }[]) => findings.map((f) => `${f.job_id} ${f.kind}`);

test('each run shows its own jobs and finding changes, and keeps them after later runs', async (t) => {
  const { db, root } = await fixturesWithDatabase(t);
  const job = path.join(root, 'job_d4e5f6a7b8c9');
  const away = path.join(path.dirname(root), 'away');
  await runImport(db.pool, { jobsRoot: root });
  const first = await show(db.url, 'latest');
  t.is(first.id, 1);
  t.is(first.status, 'completed');
  t.is(first.jobs.added.length, 10);
  t.deepEqual(first.jobs.changed, []);
  t.is(first.findings.opened.length, 18);
  t.is(first.import_issues.length, 7);

  await rename(job, away);
  await runImport(db.pool, { jobsRoot: root });
  await rename(away, job);
  await runImport(db.pool, { jobsRoot: root });
  await cp(job, away, { recursive: true });
  await rename(job, `${job}.x`);
  await runImport(db.pool, { jobsRoot: root });

  const gone = await show(db.url, '2');
  t.deepEqual(gone.jobs, { added: [], changed: [], gone: ['job_d4e5f6a7b8c9'] });
  t.deepEqual(kinds(gone.findings.opened), ['job_d4e5f6a7b8c9 source_missing']);
  const back = await show(db.url, '3');
  t.deepEqual(back.jobs, { added: [], changed: [], gone: [] });
  t.deepEqual(kinds(back.findings.closed), ['job_d4e5f6a7b8c9 source_missing']);
  // The same folder under a new name: a new job, and the old one gone again (its finding reopened).
  const renamed = await show(db.url, 'latest');
  t.deepEqual(renamed.jobs, { added: ['job_d4e5f6a7b8c9.x'], changed: [], gone: ['job_d4e5f6a7b8c9'] });
  t.deepEqual(kinds(renamed.findings.reopened), ['job_d4e5f6a7b8c9 source_missing']);
  // Both copies now share a job number.
  t.deepEqual(
    kinds(renamed.findings.opened).filter((f) => !f.startsWith('job_d4e5f6a7b8c9.x ')),
    ['job_d4e5f6a7b8c9 duplicate_job_number'],
  );
  t.true(kinds(renamed.findings.opened).includes('job_d4e5f6a7b8c9.x duplicate_job_number'));

  const list = await jobmig(['runs', 'list', '--json', '--database-url', db.url]);
  t.is(list.code, 0, list.stderr);
  const runs = JSON.parse(list.stdout) as Record<string, number | string>[];
  t.deepEqual(
    runs.map((r) => [r.id, r.jobs_added, r.jobs_changed, r.jobs_gone, r.findings_opened, r.findings_closed]),
    [
      [4, 1, 0, 1, renamed.findings.opened.length + 1, renamed.findings.closed.length],
      [3, 0, 0, 0, 0, 1],
      [2, 0, 0, 1, 1, 0],
      [1, 10, 0, 0, 18, 0],
    ],
  );
  const text = await jobmig(['runs', 'show', '2', '--database-url', db.url]);
  t.regex(text.stdout, /jobs marked gone from disk: 1\n {2}job_d4e5f6a7b8c9\n/);
});

test('runs show of a run that does not exist: exit 1, one line', async (t) => {
  const { db } = await fixturesWithDatabase(t);
  const none = await jobmig(['runs', 'show', 'latest', '--database-url', db.url]);
  t.is(none.code, 1);
  t.is(none.stderr, 'jobmig: no import run yet\n');
  const missing = await jobmig(['runs', 'show', '42', '--database-url', db.url]);
  t.is(missing.code, 1);
  t.is(missing.stderr, 'jobmig: no import run 42\n');
  const bad = await jobmig(['runs', 'show', 'x', '--database-url', db.url]);
  t.is(bad.code, 2);
  t.regex(bad.stderr, /runs show needs a run id or latest/);
});

test('runs imported before schema/013: the findings they opened are filled in from reconciliation', async (t) => {
  const db = await createTestDatabase({ migrate: false });
  const before013 = await mkdtemp(path.join(os.tmpdir(), 'jobmig-schema-'));
  t.teardown(async () => {
    await db.drop();
    await rm(before013, { recursive: true, force: true });
  });
  await cp(SCHEMA_DIR, before013, { recursive: true, filter: (f) => !/\/01[3-9]_[^/]*$/.test(f) });
  await migrate(db.pool, before013);
  await runImport(db.pool, { jobsRoot: FIXTURES });
  t.deepEqual((await migrate(db.pool, SCHEMA_DIR)).applied.slice(0, 1), ['013_run_changes.sql']);
  const shown = await show(db.url, 'latest');
  t.is(shown.findings.opened.length, 18);
  t.is(shown.jobs.added.length, 10);
});

/**
 * One pass through what an operator does, on whichever Node runs the tests (.ci/run also runs it on
 * Node 22 and 24): apply the schema, import the fixtures, decide a finding, open the review app over
 * HTTP, and write the report in its three formats.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { CLI, jobmig } from '../helpers/cli.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { request } from '../helpers/http.ts';
import { FIXTURES } from '../helpers/store.ts';

test('import, review (CLI and web) and report run end to end on this Node', async (t) => {
  t.timeout(6 * 60_000); // a dozen CLI runs, on a shared machine
  t.log(`Node ${process.version}`);
  const db = await createTestDatabase({ migrate: false });
  const out = await mkdtemp(path.join(os.tmpdir(), 'jobmig-e2e-'));
  t.teardown(async () => {
    await db.drop();
    await rm(out, { recursive: true, force: true });
  });
  const url = ['--database-url', db.url];

  t.is((await jobmig(['migrate', 'apply', ...url])).code, 0);
  const imported = await jobmig(['import', FIXTURES, '--json', '--no-migrate', ...url]);
  t.is(imported.code, 0, imported.stderr);
  t.is(JSON.parse(imported.stdout).counts.jobs.read, 10);

  const [finding] = JSON.parse((await jobmig(['findings', 'list', '--json', ...url])).stdout);
  const ack = await jobmig(['findings', 'ack', finding.id, '--note', 'seen', '--by', 'e2e', ...url]);
  t.is(ack.code, 0, ack.stderr);
  t.regex(ack.stdout, /acknowledged/);

  const review = spawn(process.execPath, [...CLI, 'review', ...url], {
    env: { ...process.env, DATABASE_URL: '' },
  });
  t.teardown(() => void review.kill('SIGKILL'));
  const address = await new Promise<string>((resolve, reject) => {
    let text = '';
    review.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) resolve(text.split('\n')[0]!);
    });
    review.once('exit', () => reject(new Error('jobmig review exited before printing its address')));
  });
  const login = await request(address);
  t.is(login.status, 303);
  const cookie = String(login.headers['set-cookie']?.[0]).split(';')[0]!;
  const page = await request(`${address.replace(/\?.*/, '')}findings/${finding.id}`, { headers: { cookie } });
  t.is(page.status, 200);
  t.true(page.text.includes(finding.id));
  const exited = new Promise((resolve) => review.once('exit', resolve));
  review.kill('SIGTERM');
  t.is(await exited, 0);

  for (const format of ['html', 'md', 'csv']) {
    const file = path.join(out, `report.${format}`);
    const report = await jobmig(['report', file, '--status', 'all', ...url]);
    t.is(report.code, 0, report.stderr);
    t.true((await readFile(file, 'utf8')).includes(finding.id), format);
  }
});

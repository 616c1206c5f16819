/**
 * `import --watch` as a service: --metrics-port serves Prometheus metrics on 127.0.0.1 that move
 * between passes, and --log-format json writes one JSON object per stderr line, with no password in
 * either. Each test runs the CLI in a child process against a real PostgreSQL.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import { fixturesWithDatabase } from '../helpers/fixture-db.ts';
import { startImport, type ImportProcess } from '../helpers/gate.ts';

interface Pass {
  pass: number;
  status: string;
  jobsChanged: number;
}

const passes = (run: ImportProcess): Pass[] =>
  run
    .stdout()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Pass);

/** Polls `find` until it returns something, the child exits, or a minute passes. */
async function until<T>(what: string, run: ImportProcess, find: () => T | undefined): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (run.child.exitCode !== null || Date.now() > deadline) throw new Error(`${what}: not seen`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Everything written to stderr so far (the helper gives it at exit; the metrics URL is needed sooner). */
function stderrOf(run: ImportProcess): () => string {
  let text = '';
  run.child.stderr!.on('data', (chunk: string) => (text += chunk));
  return () => text;
}

/** One sample's value from the exposition text, e.g. sample(text, 'x_total{outcome="completed"}'). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

test('metrics on 127.0.0.1 move between passes: the pass counter and a changed folder', async (t) => {
  const { db, root } = await fixturesWithDatabase(t);
  const run = startImport(root, db.url, `jobmig-metrics-${process.pid}`, [
    ...['--watch', '--interval', '1', '--json', '--metrics-port', '0'],
  ]);
  t.teardown(() => void run.child.kill('SIGKILL'));
  const stderr = stderrOf(run);
  const url = await until('the metrics address', run, () => /(http:\/\/\S+\/metrics)/.exec(stderr())?.[1]);
  t.regex(url, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
  await until('pass 1', run, () => passes(run)[0]);
  const first = await (await fetch(url)).text();
  const completed = sample(first, 'jobmig_watch_passes_total{outcome="completed"}')!;
  t.true(completed >= 1, first);
  t.is(sample(first, 'jobmig_watch_folders_total{change="changed"}'), 0);
  t.true(sample(first, 'jobmig_open_findings{severity="error"}')! > 0);
  t.true(sample(first, 'jobmig_watch_seconds_since_last_success')! >= 0);
  t.not(sample(first, 'process_cpu_seconds_total'), undefined, 'the standard process metrics');

  const file = path.join(root, 'job_4a1f0c2b9e01', 'job_record.json');
  await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, 'utf8')), reason: 'metrics' }));
  await until('the change', run, () => passes(run).find((p) => p.jobsChanged > 0));
  const second = await (await fetch(url)).text();
  t.true(sample(second, 'jobmig_watch_passes_total{outcome="completed"}')! > completed);
  t.is(sample(second, 'jobmig_watch_folders_total{change="changed"}'), 1);
  t.is((await fetch(url.replace('/metrics', '/other'))).status, 404);

  run.child.kill('SIGTERM');
  const { code } = await run.exited;
  t.is(code, 0, stderr());
});

test('--log-format json writes one JSON object per stderr line, and no password anywhere', async (t) => {
  const { db, root } = await fixturesWithDatabase(t);
  // The embedded server's URL carries its own password; on a trust-auth server any password works, so
  // one is added. Either way a real password reaches every layer of a working watch.
  const withPassword = new URL(db.url);
  if (!withPassword.password) withPassword.password = `pw-${process.pid}-secret`;
  const password = decodeURIComponent(withPassword.password);
  const url = withPassword.toString();
  const run = startImport(root, url, `jobmig-jsonlog-${process.pid}`, [
    ...['--watch', '--interval', '1', '--log-format', 'json'],
  ]);
  t.teardown(() => void run.child.kill('SIGKILL'));
  await until('pass 2', run, () => (run.stdout().match(/^pass \d+/gm)?.length ?? 0) >= 2 || undefined);
  run.child.kill('SIGTERM');
  const { code, stderr } = await run.exited;
  t.is(code, 0, stderr);
  const lines = stderr.split('\n').filter(Boolean);
  const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  t.true(records.every((r) => typeof r.level === 'number' && typeof r.msg === 'string' && r.time));
  const passRecords = records.filter((r) => typeof r.pass === 'number');
  t.true(passRecords.length >= 2);
  t.like(passRecords[0], { pass: 1, status: 'completed', jobsAdded: 10, error: null });
  t.true(records.some((r) => r.signal === 'SIGTERM'));
  t.false(`${stderr}${run.stdout()}`.includes(password));
});

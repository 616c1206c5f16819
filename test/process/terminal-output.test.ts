/**
 * What a person sees on a terminal: commands run in a 100-column pseudo-terminal (util-linux `script`)
 * against a store whose root and job folder hold terminal escapes. Tables fit the width, every text
 * output shows the escapes as text, and the data formats (--json, csv to a file) keep exact values.
 * Also `jobmig completion`.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import test from 'ava';
import { displayWidth } from '../../src/util/terminal.ts';
import { CLI, jobmig } from '../helpers/cli.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { validJob, writeJob } from '../helpers/hostile-store.ts';

const run = promisify(execFile);
const HOSTILE = 'job_\x1b]0;PWNED\x07\x1b[2J';
const SHOWN = 'job_\\x1b]0;PWNED\\x07\\x1b[2J';
const COLUMNS = 100;

let dir: string;
let root: string;
let db: TestDatabase;
let hasScript = true;

test.before(async () => {
  hasScript = await run('script', ['--version']).then(
    () => true,
    () => false,
  );
  dir = await mkdtemp(path.join(os.tmpdir(), 'jobmig-tty-'));
  root = path.join(dir, 'store_\x1b[31mred', 'jobs');
  await mkdir(root, { recursive: true });
  // Two folders with one job number: a duplicate_job_number finding on the hostile folder.
  await writeJob(root, HOSTILE, validJob(HOSTILE, 'J0001'));
  await writeJob(root, 'job_plain', validJob('job_plain', 'J0001'));
  db = await createTestDatabase();
});

test.after.always(async () => {
  await db?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const quote = (arg: string) => `'${arg.replaceAll("'", "'\\''")}'`;

/** The CLI in a pseudo-terminal of COLUMNS columns: what it wrote to the terminal (stderr apart). */
async function onTerminal(
  args: string[],
  stderrToo = false,
): Promise<{ code: number; screen: string; stderr: string }> {
  const errFile = path.join(dir, `stderr-${Math.random().toString(36).slice(2)}`);
  const command = [process.execPath, ...CLI, ...args, '--database-url', db.url].map(quote).join(' ');
  const redirect = stderrToo ? '' : ` 2>${quote(errFile)}`;
  const shell = `stty cols ${COLUMNS} rows 50; exec ${command}${redirect}`;
  const result = await run('script', ['-qec', shell, '/dev/null'], {
    env: { ...process.env, DATABASE_URL: '' },
    maxBuffer: 16 << 20,
  }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (err: { code: number; stdout: string }) => ({ code: err.code, stdout: err.stdout }),
  );
  const stderr = await readFile(errFile, 'utf8').catch(() => '');
  return { code: result.code, screen: result.stdout.replaceAll('\r\n', '\n'), stderr };
}

function assertShownEscaped(t: { false: (v: boolean, m: string) => void }, what: string, text: string) {
  t.false(/[\x00-\x08\x0b-\x1f\x7f]/.test(text), `${what} wrote a raw control character:\n${text}`);
}

test.serial(
  'import --dry-run, import, findings, runs and query show escapes as text on a terminal',
  async (t) => {
    if (!hasScript) return t.log('no `script` (util-linux) here: skipped');
    const outputs: [string, string[], RegExp][] = [
      ['dry run', ['import', root, '--dry-run'], /job_\\x1b\]0;PWNED\\x07\\x1b\[2J/],
      ['import summary', ['import', root], /store_\\x1b\[31mred/],
      ['findings list', ['findings', 'list'], /job_\\x1b/],
      ['runs list', ['runs', 'list'], /│ 1 /],
      ['runs show', ['runs', 'show', 'latest'], new RegExp(SHOWN.replace(/[\\[\]]/g, '\\$&'))],
      ['query table', ['query', 'findings', '--format', 'table'], /job_id +│ job_\\x1b/],
      ['query csv', ['query', 'findings', '--format', 'csv'], /job_\\x1b\]0;PWNED\\x07\\x1b\[2J/],
    ];
    for (const [what, args, shows] of outputs) {
      const { code, screen, stderr } = await onTerminal(args);
      t.is(code, 0, `${what}: ${stderr}`);
      assertShownEscaped(t, what, screen);
      t.regex(screen, shows, what);
    }
    const [finding] = JSON.parse(
      (await jobmig(['findings', 'list', '--json', '--database-url', db.url])).stdout,
    );
    const show = await onTerminal(['findings', 'show', finding.id]);
    assertShownEscaped(t, 'findings show', show.screen);
    t.true(show.screen.includes(`job      ${SHOWN}`), show.screen);
  },
);

test.serial('findings list fits a 100-column terminal; --wide keeps every value whole', async (t) => {
  if (!hasScript) return t.log('no `script` (util-linux) here: skipped');
  const { screen } = await onTerminal(['findings', 'list']);
  const lines = screen.split('\n').filter(Boolean);
  t.true(lines.length > 4, screen);
  const over = lines.filter((line) => displayWidth(line) > COLUMNS);
  t.deepEqual(over, [], `lines over ${COLUMNS} columns`);
  t.true(screen.includes('…'), 'a long cell was shortened');
  const wide = await onTerminal(['findings', 'list', '--wide']);
  t.true(wide.screen.includes(SHOWN), 'the whole folder name, escaped');
  t.true(wide.screen.split('\n').some((line) => displayWidth(line) > COLUMNS));
});

test.serial('--json and csv written to a file keep the exact values', async (t) => {
  const list = await jobmig(['findings', 'list', '--json', '--database-url', db.url]);
  t.true(JSON.parse(list.stdout).some((f: { job_id: string }) => f.job_id === HOSTILE));
  const csv = await jobmig(['query', 'findings', '--format', 'csv', '--database-url', db.url]);
  t.is(csv.code, 0, csv.stderr);
  t.true(csv.stdout.includes(HOSTILE));
});

test.serial('verify draws a progress bar when stderr is a terminal, and none when it is not', async (t) => {
  if (!hasScript) return t.log('no `script` (util-linux) here: skipped');
  const shown = await onTerminal(['verify', root], true);
  t.regex(shown.screen, /verifying \[[^\]]*\] 2\/2 job folders/);
  const piped = await onTerminal(['verify', root]);
  t.false(piped.stderr.includes('verifying'), piped.stderr);
  t.false(piped.screen.includes('verifying'));
});

test('jobmig completion prints a completion script that asks jobmig for the words', async (t) => {
  const { code, stdout } = await jobmig(['completion']);
  t.is(code, 0);
  t.regex(stdout, /###-begin-jobmig-completions-###/);
  t.regex(stdout, /--get-yargs-completions/);
  const words = await jobmig(['--get-yargs-completions', 'jobmig', 'migrate', '']);
  t.deepEqual(
    ['status', 'print', 'apply'].filter((w) => words.stdout.split('\n').includes(w)),
    ['status', 'print', 'apply'],
  );
});

/**
 * The shipped package: `npm pack` (which builds dist/ through `prepare`), install the tarball into an
 * empty folder, and run the installed, compiled `jobmig` from there: --help, an import of the
 * fixtures into a fresh database, and a query on its embedded default server (no URL at all).
 */
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import test from 'ava';
import { createTestDatabase } from '../helpers/db.ts';

const run = promisify(execFile);
const PROJECT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = path.join(PROJECT, 'fixtures', 'jobs');
// pdfkit, docx, the letter and regeneration code, the report renderers and model.
const HEAVY = /\/node_modules\/(pdfkit|docx)\/|\/dist\/outputs\/|\/dist\/report\/(render-|index|model)/;

// Logs every module the ESM loader resolves, so a test can see what a command loaded.
const HOOKS = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  appendFileSync(process.env.JOBMIG_LOAD_LOG, result.url + '\\n');
  return result;
}`;
const REGISTER = `import { register } from 'node:module';
register('./hooks.mjs', import.meta.url);`;

let dir: string;
let bin: string;

test.before(async (t) => {
  t.timeout(5 * 60_000); // npm pack compiles the project
  // Mode 755: the embedded server runs as OS user postgres when the tests run as root.
  dir = await mkdtemp(path.join(os.tmpdir(), 'jobmig-package-'));
  await chmod(dir, 0o755);
  await run('npm', ['pack', '--pack-destination', dir], { cwd: PROJECT, maxBuffer: 64 << 20 });
  const tarball = (await readdir(dir)).find((f) => /^jobmig-.*\.tgz$/.test(f))!;
  await writeFile(path.join(dir, 'package.json'), '{"name": "installs-jobmig", "private": true}\n');
  await run('npm', ['install', `./${tarball}`, '--prefer-offline', '--no-audit', '--no-fund'], { cwd: dir });
  await writeFile(path.join(dir, 'hooks.mjs'), HOOKS);
  await writeFile(path.join(dir, 'register.mjs'), REGISTER);
  bin = path.join(dir, 'node_modules', 'jobmig', 'bin', 'jobmig.mjs');
});

test.after.always(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Result {
  code: number;
  stdout: string;
  stderr: string;
  loaded: string[];
}

/** Runs the installed CLI from the install folder; `loaded` lists the modules it resolved. */
async function installed(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
  const log = path.join(dir, `loaded-${Math.random().toString(36).slice(2)}.txt`);
  await writeFile(log, '');
  const options = {
    cwd: dir,
    env: { ...process.env, DATABASE_URL: '', JOBMIG_LOAD_LOG: log, ...env },
  };
  const node = ['--import', path.join(dir, 'register.mjs'), bin, ...args];
  const result = await run(process.execPath, node, options).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (err: { code: number; stdout: string; stderr: string }) => err,
  );
  const loaded = (await readFile(log, 'utf8')).split('\n').filter(Boolean);
  return { code: result.code, stdout: result.stdout, stderr: result.stderr, loaded };
}

test.serial('the tarball installs without dev tools, and --help runs the compiled CLI', async (t) => {
  const modules = await readdir(path.join(dir, 'node_modules'));
  for (const dev of ['tsx', 'typescript', 'playwright-core', 'ava']) t.false(modules.includes(dev), dev);
  const help = await installed(['--help']);
  t.is(help.code, 0, help.stderr);
  t.regex(help.stdout, /jobmig import <root>/);
  t.true(help.loaded.some((url) => url.includes('/node_modules/jobmig/dist/cli/main.js')));
  t.false(help.loaded.some((url) => url.includes('/src/') || url.endsWith('.ts')));
  // The top-level help needs neither the database driver nor even the argument parser.
  const unneeded = /\/node_modules\/(pg|yargs)\//;
  t.deepEqual(
    help.loaded.filter((url) => HEAVY.test(url) || unneeded.test(url)),
    [],
  );
});

test.serial('the installed jobmig imports the fixtures into a fresh database', async (t) => {
  const db = await createTestDatabase({ migrate: false });
  try {
    const result = await installed(['import', FIXTURES, '--database-url', db.url, '--json']);
    t.is(result.code, 0, result.stderr);
    t.is(JSON.parse(result.stdout).counts.jobs.read, 10);
    const findings = await installed(['findings', 'list', '--database-url', db.url, '--json']);
    t.is(findings.code, 0, findings.stderr);
    t.true(JSON.parse(findings.stdout).length > 0);
    const query = await installed(['query', 'summary', '--database-url', db.url, '--format', 'json']);
    t.is(query.code, 0, query.stderr);
    t.true(JSON.parse(query.stdout).length > 0);
    for (const r of [findings, query])
      t.deepEqual(
        r.loaded.filter((url) => HEAVY.test(url)),
        [],
      );
  } finally {
    await db.drop();
  }
});

test.serial('the installed jobmig runs on its embedded default server, with no URL', async (t) => {
  const home = path.join(dir, 'home');
  const result = await installed(['import', FIXTURES, '--json'], { JOBMIG_HOME: home });
  t.is(result.code, 0, result.stderr);
  t.is(JSON.parse(result.stdout).counts.jobs.read, 10);
  t.true((await readdir(path.join(home, 'pgdata'))).includes('PG_VERSION'));
});

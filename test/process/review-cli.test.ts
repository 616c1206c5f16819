/**
 * `jobmig review` as a process: the first stdout line is the address with the token, the server
 * answers on it, it stops cleanly on SIGTERM and SIGINT, a port in use is one line, and the database
 * password is printed nowhere.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import test from 'ava';
import { CLI } from '../helpers/cli.ts';
import { useTestDatabase } from '../helpers/db.ts';
import { request } from '../helpers/http.ts';
import { FIXTURES } from '../helpers/store.ts';

const db = useTestDatabase(test, { importFrom: FIXTURES });

/** The test database's URL with a password in it (a trust server ignores it; it must not be shown). */
function urlWithPassword(): { url: string; password: string } {
  const u = new URL(db().url);
  if (!u.password) u.password = 'never-printed-pw';
  return { url: u.toString(), password: decodeURIComponent(u.password) };
}

interface Running {
  child: ChildProcess;
  firstLine: Promise<string>;
  output: () => string;
  exit: Promise<number | null>;
}

function startReview(args: string[]): Running {
  const child = spawn(process.execPath, [...CLI, 'review', ...args], {
    env: { ...process.env, DATABASE_URL: '' },
  });
  let out = '';
  let err = '';
  const firstLine = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.once('exit', () => reject(new Error(`jobmig review exited before printing its address: ${err}`)));
  });
  firstLine.catch(() => {}); // awaited only by the tests that expect an address
  child.stderr!.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, firstLine, output: () => out + err, exit };
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`prints its address first, serves it, and stops cleanly on ${signal}`, async (t) => {
    const { url, password } = urlWithPassword();
    const run = startReview(['--database-url', url, '--reviewer', 'tester']);
    t.teardown(() => run.child.kill('SIGKILL'));
    const address = await run.firstLine;
    t.regex(address, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43}$/);
    const first = await request(address);
    t.is(first.status, 303);
    const cookie = String(first.headers['set-cookie']?.[0]).split(';')[0]!;
    const page = await request(address.replace(/\?.*/, ''), { headers: { cookie } });
    t.is(page.status, 200);
    t.regex(page.text, /reviewing as <strong>tester<\/strong>/);
    run.child.kill(signal);
    t.is(await run.exit, 0);
    t.regex(run.output(), new RegExp(`jobmig review: stopped \\(${signal}\\)\\n$`));
    t.false(run.output().includes(password));
  });
}

test('a port in use is one line and exit 2', async (t) => {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  t.teardown(() => blocker.close());
  const port = (blocker.address() as net.AddressInfo).port;
  const { url, password } = urlWithPassword();
  const run = startReview(['--database-url', url, '--port', String(port)]);
  t.is(await run.exit, 2);
  t.is(run.output(), `jobmig: port ${port} is in use on 127.0.0.1\n`);
  t.false(run.output().includes(password));
});

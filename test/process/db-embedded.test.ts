import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import test from 'ava';
import pg from 'pg';
import { openDatabase } from '../../src/db/connection.ts';
import { startEmbeddedServer } from '../../src/db/embedded.ts';

// These tests share one data dir (initdb once) and so run serially.
let root: string;
let dataDir: string;
const pidFile = () => path.join(dataDir, 'postmaster.pid');

test.before(async () => {
  // Under os.tmpdir() and opened up: as root the server runs as OS user
  // `postgres`, which must be able to traverse to the data dir.
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'jobmig-embedded-'));
  await fs.chmod(root, 0o755);
  dataDir = path.join(root, 'pgdata');
});

test.after.always(async () => {
  if (root === undefined) return;
  await stopPostmasterOf(dataDir);
  await fs.rm(root, { recursive: true, force: true });
});

async function query<T = unknown>(url: string, sql: string): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query(sql);
    // A multi-statement query yields one result per statement.
    const last = Array.isArray(result) ? (result.at(-1) as pg.QueryResult) : result;
    return last.rows[0]?.v as T;
  } finally {
    await client.end();
  }
}

async function postmasterPid(): Promise<number | undefined> {
  const text = await fs.readFile(pidFile(), 'utf8').catch(() => undefined);
  return text ? Number(text.split('\n')[0]) : undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function stopPostmasterOf(dir: string): Promise<void> {
  const text = await fs.readFile(path.join(dir, 'postmaster.pid'), 'utf8').catch(() => undefined);
  const pid = text ? Number(text.split('\n')[0]) : NaN;
  if (!(pid > 0) || !alive(pid)) return;
  process.kill(pid, 'SIGINT');
  while (alive(pid)) await sleep(50);
}

test.serial('two concurrent starts on a fresh data dir share one server', async (t) => {
  const [a, b] = await Promise.all([startEmbeddedServer({ dataDir }), startEmbeddedServer({ dataDir })]);
  const owner = a.startedHere ? a : b;
  const guest = a.startedHere ? b : a;
  t.true(owner.startedHere);
  t.false(guest.startedHere);
  t.is(guest.port, owner.port);
  t.regex(owner.url, new RegExp(`^postgres://postgres:[^@]+@127\\.0\\.0\\.1:${owner.port}/postgres$`));

  await guest.stop(); // a no-op: the server belongs to the other caller
  t.is(await query(guest.url, 'select 1 as v'), 1);
  await query(owner.url, 'create table survives (v int); insert into survives values (42)');

  await owner.stop();
  t.false(existsSync(pidFile()));
  t.regex(
    await fs.readFile(path.join(root, 'server.log'), 'utf8'),
    /database system is ready to accept connections/,
  );
});

test.serial('a restart keeps the data and does not re-initialise', async (t) => {
  const server = await startEmbeddedServer({ dataDir });
  try {
    t.true(server.startedHere);
    t.is(await query(server.url, 'select v from survives'), 42);
  } finally {
    await server.stop();
  }
});

/** Starts (or reuses) the server on dataDir in a child process that then idles. */
async function startInChild(): Promise<{ child: ChildProcess; port: number; startedHere: boolean }> {
  const child = spawn(
    process.execPath,
    [
      '--import=tsx',
      '--input-type=module',
      '-e',
      `import { startEmbeddedServer } from ${JSON.stringify(new URL('../../src/db/embedded.ts', import.meta.url).href)};
       const s = await startEmbeddedServer({ dataDir: ${JSON.stringify(dataDir)} });
       console.log('SERVER ' + JSON.stringify({ port: s.port, startedHere: s.startedHere }));
       setInterval(() => {}, 1000);`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const m = /SERVER (.*)\n/.exec(out);
      if (m) resolve({ child, ...JSON.parse(m[1]!) });
    });
    child.on('exit', (code) => reject(new Error(`child exited with ${code} before starting the server`)));
  });
}

async function kill9(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

test.serial('reuses the postmaster of a process killed with kill -9', async (t) => {
  const { child, port, startedHere } = await startInChild();
  t.true(startedHere);
  const orphan = await postmasterPid();
  await kill9(child);
  try {
    const server = await startEmbeddedServer({ dataDir });
    t.false(server.startedHere);
    t.is(server.port, port);
    t.is(await query(server.url, 'select 1 as v'), 1);
    await server.stop();
    t.true(alive(orphan!), 'stop() of a reused server leaves it running');
  } finally {
    await stopPostmasterOf(dataDir);
  }
});

test.serial('stop() leaves the server running while another process uses it', async (t) => {
  const owner = await startEmbeddedServer({ dataDir });
  const guest = await startInChild();
  try {
    t.false(guest.startedHere);
    t.is(guest.port, owner.port);
    await owner.stop();
    t.is(await query(owner.url, 'select 1 as v'), 1);
  } finally {
    await kill9(guest.child);
    await stopPostmasterOf(dataDir);
  }
});

test.serial(
  'a stale postmaster.pid (dead pid, or a pid reused by another program) is replaced',
  async (t) => {
    const dead = spawn('true');
    await new Promise((resolve) => dead.once('exit', resolve));
    const other = spawn('sleep', ['30']);
    try {
      for (const pid of [dead.pid!, other.pid!]) {
        await fs.writeFile(
          pidFile(),
          [pid, dataDir, '0', '1', '', '127.0.0.1', '0 0', 'ready', ''].join('\n'),
        );
        const server = await startEmbeddedServer({ dataDir });
        try {
          t.true(server.startedHere);
          t.not(await postmasterPid(), pid);
          t.is(await query(server.url, 'select 1 as v'), 1);
        } finally {
          await server.stop();
        }
      }
    } finally {
      other.kill();
    }
  },
);

// Only as root does the server run as another OS user; elsewhere the test is skipped, not passed.
const isRoot = process.getuid?.() === 0;

(isRoot ? test.serial : test.serial.skip)(
  'as root, explains a data dir the postgres user cannot reach',
  async (t) => {
    const closed = await fs.mkdtemp(path.join(os.tmpdir(), 'jobmig-closed-')); // mode 0700
    try {
      const err = await t.throwsAsync(startEmbeddedServer({ dataDir: path.join(closed, 'pgdata') }));
      t.regex(err.message, /user "postgres" .*cannot enter .*jobmig-closed-.* \(mode 700\)/);
    } finally {
      await fs.rm(closed, { recursive: true, force: true });
    }
  },
);

test.serial('openDatabase without a URL uses the embedded server and a jobmig database', async (t) => {
  const db = await openDatabase({ env: {}, projectDir: root });
  try {
    t.true(db.embedded);
    t.is((await db.pool.query('select current_database() as d')).rows[0].d, 'jobmig');
    t.true(existsSync(path.join(root, '.jobmig', 'pgdata', 'PG_VERSION')));
  } finally {
    await db.close();
  }
  t.false(
    existsSync(path.join(root, '.jobmig', 'pgdata', 'postmaster.pid')),
    'close() stops the server it started',
  );
});

test('openDatabase prefers databaseUrl to DATABASE_URL and names the unreachable one, password masked', async (t) => {
  const err = await t.throwsAsync(
    openDatabase({
      databaseUrl: 'postgres://app:s3cret@127.0.0.1:1/jobs',
      env: { DATABASE_URL: 'postgres://other:pw@127.0.0.1:2/x' },
    }),
  );
  t.is(
    err.message,
    'could not connect to PostgreSQL at postgres://app:***@127.0.0.1:1/jobs: connect ECONNREFUSED 127.0.0.1:1',
  );
  const fromEnv = await t.throwsAsync(
    openDatabase({ env: { DATABASE_URL: 'postgres://other:pw@127.0.0.1:2/x' } }),
  );
  t.regex(
    fromEnv.message,
    /^could not connect to PostgreSQL at postgres:\/\/other:\*\*\*@127\.0\.0\.1:2\/x: /,
  );
});

/**
 * The embedded server has no fixed credential (issue 20 §2): another OS user cannot reach it by any
 * route, and a data directory made with the old constant password is upgraded on its first start.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import test from 'ava';
import pg from 'pg';
import { redactSecrets } from '../../src/db/redact.ts';
import { startEmbeddedServer, type EmbeddedServer } from '../../src/db/embedded.ts';
import { initialise } from '../../src/db/embedded/data-dir.ts';
import { LEGACY_PASSWORD, socketDirOf } from '../../src/db/embedded/settings.ts';

const run = promisify(execFile);
const canSwitchUser =
  process.getuid?.() === 0 && existsSync('/usr/sbin/runuser') && existsSync('/usr/bin/psql');
const asOtherUser = canSwitchUser ? test.serial : test.serial.skip;

let root: string;
let dataDir: string;
let server: EmbeddedServer;

test.before(async () => {
  // Opened up so OS user postgres (the server, when we are root) and nobody can traverse to it.
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'jobmig-cred-'));
  await fs.chmod(root, 0o755);
  dataDir = path.join(root, 'pgdata');
  // A data directory as every jobmig before issue 20 left it: the constant password, TCP lines in pg_hba.
  await initialise(dataDir, () => {});
  server = await startEmbeddedServer({ dataDir });
});

test.after.always(async () => {
  await server?.stop();
  if (root) await fs.rm(root, { recursive: true, force: true });
});

async function connectError(config: pg.ClientConfig): Promise<string | undefined> {
  const client = new pg.Client({ ...config, connectionTimeoutMillis: 10_000 });
  client.on('error', () => {});
  try {
    await client.connect();
    return undefined;
  } catch (err) {
    return String((err as { code?: string }).code ?? (err as Error).message);
  } finally {
    await client.end().catch(() => {});
  }
}

function tcpRefused(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

test.serial(
  'an old data directory gets a random password on its first start and the old one is refused',
  async (t) => {
    const socketDir = socketDirOf(dataDir);
    const password = (await fs.readFile(`${dataDir}.password`, 'utf8')).trim();
    t.regex(password, /^[A-Za-z0-9_-]{32}$/);
    t.is((await fs.stat(`${dataDir}.password`)).mode & 0o777, 0o600);
    t.false(existsSync(`${dataDir}.password.next`));
    t.is(
      await connectError({ host: socketDir, port: server.port, user: 'postgres', password: LEGACY_PASSWORD }),
      '28P01',
    );
    t.is(await connectError({ connectionString: server.url }), undefined);
    t.false(server.url.includes('127.0.0.1'));
    t.true(server.url.includes(encodeURIComponent(password)));
    t.false(redactSecrets(`failed: ${server.url} (${password})`, [server.url]).includes(password));
    t.is(await fs.readFile(path.join(dataDir, 'pg_hba.conf'), 'utf8').then((s) => /^host/m.test(s)), false);
  },
);

test.serial('the server listens on no TCP port and its socket folder is owner-only', async (t) => {
  t.is(await tcpRefused(server.port), 'ECONNREFUSED');
  const info = await fs.stat(socketDirOf(dataDir));
  t.is(info.mode & 0o777, 0o700);
  t.is(info.uid, (await fs.stat(dataDir)).uid);
});

test.serial('a second start reuses the running server with the same password', async (t) => {
  const again = await startEmbeddedServer({ dataDir });
  t.false(again.startedHere);
  t.is(again.url, server.url);
  await again.stop();
});

asOtherUser(
  'another OS user is refused with the old constant, with no password and over the socket',
  async (t) => {
    const socketDir = socketDirOf(dataDir);
    const password = (await fs.readFile(`${dataDir}.password`, 'utf8')).trim();
    const tcp = /Connection refused/;
    const closed = /Permission denied/;
    const attempts: Array<[string, string[], Record<string, string>, RegExp]> = [
      ['old constant over TCP', ['-h', '127.0.0.1'], { PGPASSWORD: LEGACY_PASSWORD }, tcp],
      ['no password over TCP', ['-h', '127.0.0.1'], {}, tcp],
      ['old constant over the socket', ['-h', socketDir], { PGPASSWORD: LEGACY_PASSWORD }, closed],
      ['no password over the socket', ['-h', socketDir], {}, closed],
      // Even the real password does not help: the socket's folder is closed to other users.
      ['the real password over the socket', ['-h', socketDir], { PGPASSWORD: password }, closed],
    ];
    for (const [what, hostArgs, env, why] of attempts) {
      const args = ['-u', 'nobody', '--', 'psql', ...hostArgs, '-p', String(server.port), '-U', 'postgres'];
      const result = await run('runuser', [...args, '-w', '-d', 'postgres', '-c', 'select 1'], {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
      }).then(
        () => 'accepted',
        (err: { code?: number; stderr?: string }) => `refused: ${err.stderr ?? ''}`,
      );
      t.regex(result, /^refused: /, what);
      t.regex(result, why, what);
      t.false(result.includes(password), what);
    }
    const read = await run('runuser', ['-u', 'nobody', '--', 'cat', `${dataDir}.password`]).then(
      () => 'read',
      () => 'denied',
    );
    t.is(read, 'denied');
  },
);

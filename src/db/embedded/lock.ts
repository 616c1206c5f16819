/**
 * Sharing one data dir between processes: a startup lock (a listening socket) serialises starting and
 * stopping, and one lease file per handle tells the starter whether others still use the server.
 */
import { randomBytes, createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from './processes.ts';

/**
 * Serialises startup of one data dir across processes. A listening socket is
 * released by the kernel even on kill -9, unlike a lock file. Linux uses the
 * abstract namespace (no file at all); elsewhere a socket file nobody answers
 * on is stale and is removed.
 */
export async function acquireStartupLock(dataDir: string, deadline: number): Promise<() => Promise<void>> {
  const address = lockAddress(dataDir);
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

function lockAddress(dataDir: string): string {
  const id = createHash('sha256').update(dataDir).digest('hex').slice(0, 24);
  return process.platform === 'linux'
    ? `\0jobmig-pg-${id}`
    : process.platform === 'win32'
      ? `\\\\.\\pipe\\jobmig-pg-${id}`
      : path.join(os.tmpdir(), `jobmig-pg-${id}.sock`);
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

/**
 * One lease file per handle from startEmbeddedServer, so the process that
 * started the server can tell whether others still use it.
 */
export async function takeLease(dataDir: string): Promise<() => Promise<void>> {
  const dir = `${dataDir}.leases`;
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, `${process.pid}-${randomBytes(4).toString('hex')}`);
  await fs.writeFile(file, '');
  return () => fs.rm(file, { force: true });
}

/** Pids holding a lease; leases of dead processes (kill -9) are removed. */
export async function leaseHolders(dataDir: string): Promise<number[]> {
  const dir = `${dataDir}.leases`;
  const pids = new Set<number>();
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    const pid = Number(name.split('-')[0]);
    if (pid > 0 && isAlive(pid)) pids.add(pid);
    else await fs.rm(path.join(dir, name), { force: true });
  }
  return [...pids];
}

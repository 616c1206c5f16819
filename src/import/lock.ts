/**
 * One import at a time per database, or one per shard: session-level advisory locks held by the
 * loader's connection for the whole run. An unsharded import holds `jobmig:import` exclusively; a
 * shard holds it shared (shards run together, an unsharded import waits for all of them) plus its
 * own shard key exclusively. A process that dies loses its connection and with it the locks, so a
 * crash never leaves the database locked.
 */
import type pg from 'pg';
import { sqlFolder } from '../db/sql-files.ts';

const sqlFile = sqlFolder(import.meta.url);
const TRY_SQL = sqlFile('lock-try.sql');
const WAIT_SQL = sqlFile('lock-wait.sql');
const RELEASE_SQL = sqlFile('lock-release.sql');
const HOLDER_SQL = sqlFile('lock-holder.sql');

export type LockMode = 'fail' | 'wait';

/** Raised when another import holds the lock and the caller chose not to wait. */
export class ImportBusyError extends Error {}

/** A killed importer's server session lives on until the server notices; give it this long to go. */
const GRACE_MS = 5_000;

export const GLOBAL_LOCK_KEY = 'import';

export interface LockRequest {
  key: string;
  shared: boolean;
}

/** The locks a run takes, in order: the global key, then (for a shard) its own. */
export function locksFor(shardKey: string | null): LockRequest[] {
  return shardKey
    ? [
        { key: GLOBAL_LOCK_KEY, shared: true },
        { key: shardKey, shared: false },
      ]
    : [{ key: GLOBAL_LOCK_KEY, shared: false }];
}

export async function acquireImportLocks(
  client: pg.ClientBase,
  locks: readonly LockRequest[],
  mode: LockMode,
): Promise<void> {
  for (const lock of locks) await acquireOne(client, lock, mode);
}

async function acquireOne(client: pg.ClientBase, lock: LockRequest, mode: LockMode): Promise<void> {
  const lockName = `jobmig:${lock.key}`;
  const deadline = Date.now() + GRACE_MS;
  for (;;) {
    const { rows } = await client.query<{ locked: boolean }>(TRY_SQL(), [lockName, lock.shared]);
    if (rows[0]!.locked) return;
    if (mode === 'wait' || Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (mode === 'fail') {
    // Shared holders are shards (whose runs carry their shard key); an exclusive holder is an unsharded run.
    const holder = await client.query<{ id: string; started_at: Date; lock_key: string }>(HOLDER_SQL(), [
      lock.key === GLOBAL_LOCK_KEY,
      lock.key,
    ]);
    const run = holder.rows[0];
    const key = run && run.lock_key !== GLOBAL_LOCK_KEY ? `, ${run.lock_key}` : '';
    const since = run ? ` (import run ${run.id}${key}, started ${run.started_at.toISOString()})` : '';
    throw new ImportBusyError(
      `another jobmig import is running against this database${since}; rerun with --wait to wait for it`,
    );
  }
  await client.query(WAIT_SQL(), [lockName, lock.shared]);
}

/**
 * Give the locks back at the end of a run, so the session can return to its pool without holding
 * them (a process that runs several imports, such as `import --watch`, must not block others between
 * runs). Each lock is released once per time it was taken.
 */
export async function releaseImportLocks(
  client: pg.ClientBase,
  locks: readonly LockRequest[],
): Promise<void> {
  for (const lock of [...locks].reverse())
    await client.query(RELEASE_SQL(), [`jobmig:${lock.key}`, lock.shared]);
}

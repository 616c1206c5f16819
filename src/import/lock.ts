/**
 * One import at a time per database (per shard, once imports are sharded): a session-level advisory
 * lock held by the loader's connection for the whole run. A process that dies loses its connection
 * and with it the lock, so a crash never leaves the database locked.
 */
import type pg from 'pg';

export type LockMode = 'fail' | 'wait';

/** Raised when another import holds the lock and the caller chose not to wait. */
export class ImportBusyError extends Error {}

/** A killed importer's server session lives on until the server notices; give it this long to go. */
const GRACE_MS = 5_000;

export async function acquireImportLock(client: pg.ClientBase, key: string, mode: LockMode): Promise<void> {
  const lockName = `jobmig:${key}`;
  const deadline = Date.now() + GRACE_MS;
  for (;;) {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [lockName]);
    if (rows[0]!.locked) return;
    if (mode === 'wait' || Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (mode === 'fail') {
    const holder = await client.query<{ id: string; started_at: Date }>(
      "SELECT id, started_at FROM import_runs WHERE status = 'running' AND lock_key = $1 ORDER BY id DESC LIMIT 1",
      [key],
    );
    const run = holder.rows[0];
    const since = run ? ` (import run ${run.id}, started ${run.started_at.toISOString()})` : '';
    throw new ImportBusyError(`another jobmig import is running against this database${since}; rerun with --wait to wait for it`);
  }
  await client.query('SELECT pg_advisory_lock(hashtext($1))', [lockName]);
}

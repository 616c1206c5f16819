/**
 * The stored file bytes of an archived snapshot (job_finals.snapshot_bytes, schema/012): what
 * `jobmig snapshot show` writes out. A job, snapshot or bytes that are not there is one clear refusal.
 */
import type pg from 'pg';
import { sqlFolder } from '../db/sql-files.ts';
import type { SnapshotKind } from '../legacy/layout.ts';

const SNAPSHOT_BYTES_SQL = sqlFolder(import.meta.url)('snapshot-bytes.sql');

/** Nothing to show; exit code 1 (the command ran, the thing asked for is not there). */
export class SnapshotAbsentError extends Error {
  readonly exitCode = 1;
}

export async function readSnapshotBytes(pool: pg.Pool, jobId: string, kind: SnapshotKind): Promise<Buffer> {
  const { rows } = await pool.query<{
    job_found: boolean;
    snapshot_found: boolean;
    snapshot_bytes: Buffer | null;
  }>(SNAPSHOT_BYTES_SQL, [jobId, kind]);
  const row = rows[0]!;
  if (!row.job_found) throw new SnapshotAbsentError(`no job ${jobId} in the database`);
  if (!row.snapshot_found) throw new SnapshotAbsentError(`job ${jobId} has no ${kind} snapshot`);
  if (!row.snapshot_bytes)
    throw new SnapshotAbsentError(
      `the ${kind} of job ${jobId} was imported before file bytes were kept, ` +
        'and no import has filled them in since',
    );
  return row.snapshot_bytes;
}

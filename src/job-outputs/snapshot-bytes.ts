/**
 * The stored file bytes of an archived snapshot (job_finals.snapshot_bytes, schema/012): what
 * `jobmig snapshot show` writes out. A job, snapshot or bytes that are not there (or bytes that do not
 * hash to the stored sha256) is one clear refusal.
 */
import type pg from 'pg';
import { sqlFolder } from '../db/sql-files.ts';
import type { SnapshotKind } from '../legacy/layout.ts';
import { sha256Hex } from '../util/hash.ts';
import { CommandError, EXIT } from '../util/errors.ts';

const SNAPSHOT_BYTES_SQL = sqlFolder(import.meta.url)('snapshot-bytes.sql');

/** Nothing to show; exit code 1 (the command ran, the thing asked for is not there). */
export class SnapshotAbsentError extends CommandError {
  constructor(message: string) {
    super(message, { exitCode: EXIT.answeredNo });
  }
}

export async function readSnapshotBytes(pool: pg.Pool, jobId: string, kind: SnapshotKind): Promise<Buffer> {
  const { rows } = await pool.query<{
    job_found: boolean;
    snapshot_found: boolean;
    snapshot_bytes: Buffer | null;
    payload_sha256: string | null;
  }>(SNAPSHOT_BYTES_SQL(), [jobId, kind]);
  const row = rows[0]!;
  if (!row.job_found) throw new SnapshotAbsentError(`no job ${jobId} in the database`);
  if (!row.snapshot_found) throw new SnapshotAbsentError(`job ${jobId} has no ${kind} snapshot`);
  if (!row.snapshot_bytes)
    throw new SnapshotAbsentError(
      `the ${kind} of job ${jobId} was imported before file bytes were kept, ` +
        'and no import has filled them in since',
    );
  // The CHECK of schema/012 holds this; a disabled constraint must still not pass off other bytes.
  if (sha256Hex(row.snapshot_bytes) !== row.payload_sha256)
    throw new SnapshotAbsentError(
      `the stored ${kind} bytes of job ${jobId} do not hash to its sha256: refused`,
    );
  return row.snapshot_bytes;
}

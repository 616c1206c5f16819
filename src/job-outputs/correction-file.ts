/**
 * Repairing a correction set whose file write failed after its commit: final_correction.json still
 * holds the correction that set replaced (or is missing), while the database holds the new one.
 * Only that exact state is repaired, so a correction the legacy server wrote since is never overwritten.
 */
import type pg from 'pg';
import { sqlFolder } from '../db/sql-files.ts';
import type { JobsRoot } from '../files/jobs-root.ts';
import type { Stager } from '../files/staged.ts';
import { sha256Hex } from '../util/hash.ts';
import { recordArtifactFile } from './records.ts';

const sqlFile = sqlFolder(import.meta.url);
const LAST_CORRECTION_SET_SQL = sqlFile('last-correction-set.sql');

export const CORRECTION_FILE = 'final_correction.json';

interface CurrentSnapshot {
  job_id: string;
  kind: 'final' | 'correction';
  payload_sha256: string;
  snapshot_bytes: Buffer | null;
}

/** Stages the stored correction's bytes when the disk still shows what its correction set replaced. */
export async function restoreUnwrittenCorrection(
  client: pg.ClientBase,
  root: JobsRoot,
  stager: Stager,
  row: CurrentSnapshot,
): Promise<{ path: string; kind: 'final_json'; size: number; sha256: string } | null> {
  if (row.kind !== 'correction' || !row.snapshot_bytes) return null;
  const { rows } = await client.query<{ sha256: string | null; previous_sha256: string | null }>(
    LAST_CORRECTION_SET_SQL(),
    [row.job_id],
  );
  const last = rows[0];
  if (!last || last.sha256 !== row.payload_sha256) return null;
  const rel = `${row.job_id}/${CORRECTION_FILE}`;
  const onDisk = await root.read(rel);
  const diskSha = onDisk ? sha256Hex(onDisk) : null;
  if (diskSha === row.payload_sha256 || diskSha !== last.previous_sha256) return null;
  const staged = await stager.stage(rel, row.snapshot_bytes);
  await recordArtifactFile(client, row.job_id, { ...staged, name: CORRECTION_FILE });
  return { path: rel, kind: 'final_json', size: staged.size, sha256: staged.sha256 };
}

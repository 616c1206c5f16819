/**
 * A job folder's fingerprint, computed by the scanner from what `lstat` says, so a rerun can skip an
 * unchanged folder without opening a file.
 */
import { createHash } from 'node:crypto';

export interface FingerprintEntry {
  rel: string;
  size: number;
  mtimeMs: number;
}

/**
 * Part of every fingerprint: bump it when the planner or the rules change what a folder becomes.
 * 4: snapshot bytes (schema/012, filled in for rows imported before) and names stored as written.
 * 5: known statuses only (raw columns), tree numbers only, staged export ids (schema/014).
 */
export const PLANNER_VERSION = 'jobmig-planner-5';

/**
 * A job folder's fingerprint: its files' relative paths, sizes and modification times.
 * Equal fingerprints mean a rerun can skip the folder without opening a single file.
 */
export function folderFingerprint(entries: readonly FingerprintEntry[]): string {
  const hash = createHash('sha256').update(`${PLANNER_VERSION}\n`);
  for (const e of entries) hash.update(`${e.rel}\0${e.size}\0${e.mtimeMs}\n`);
  return hash.digest('hex');
}

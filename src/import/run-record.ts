/**
 * A run's row in import_runs: started, finished (completed or failed, with its counts), or marked
 * interrupted by a later run; and what the database already knows that a run reads (the stored
 * fingerprints, the issues it logged).
 */
import type pg from 'pg';
import { sqlFolder } from '../db/sql-files.ts';
import type { Redactor } from '../util/token-redact.ts';
import { emptyCounts, type RunCounts, tableForIssuePath } from '../staging/counts.ts';

const sqlFile = sqlFolder(import.meta.url);
const MARK_INTERRUPTED_SQL = sqlFile('run-mark-interrupted.sql');
const START_SQL = sqlFile('run-start.sql');
const FINISH_SQL = sqlFile('run-finish.sql');
const STORED_FINGERPRINTS_SQL = sqlFile('stored-fingerprints.sql');
const ISSUE_PATHS_SQL = sqlFile('run-issue-paths.sql');

export interface FolderCounts {
  found: number;
  selected: number;
  skipped_unchanged: number;
  read: number;
  files_read: number;
  unreadable: number;
  missing: number;
}

export function emptyFolderCounts(): FolderCounts {
  return { found: 0, selected: 0, skipped_unchanged: 0, read: 0, files_read: 0, unreadable: 0, missing: 0 };
}

/**
 * Runs that still say "running" under a lock we now hold died before finishing (kill -9, lost host):
 * a shard's own earlier runs, or, for an unsharded run holding the global lock exclusively, all.
 */
export async function markInterruptedRuns(client: pg.ClientBase, shardLockKey: string | null): Promise<void> {
  await client.query(MARK_INTERRUPTED_SQL(), [shardLockKey]);
}

export async function startRun(
  client: pg.ClientBase,
  root: { jobsRoot: string; storageRoot: string | null },
  lockKey: string,
  redactor: Redactor,
  options: object,
): Promise<number> {
  // Paths and options as given (a --job value, a folder name) may hold a token.
  const { rows } = await client.query<{ id: string }>(START_SQL(), [
    redactor.text(root.jobsRoot),
    root.storageRoot === null ? null : redactor.text(root.storageRoot),
    JSON.stringify(redactor.json(options).value),
    lockKey,
  ]);
  return Number(rows[0]!.id);
}

export async function finishRun(
  db: pg.ClientBase | pg.Pool,
  runId: number,
  status: string,
  counts: RunCounts,
  folders: FolderCounts,
  error: string | null,
) {
  await db.query(FINISH_SQL(), [runId, status, JSON.stringify(counts), JSON.stringify(folders), error]);
}

export async function storedFingerprints(
  client: pg.ClientBase,
  only: readonly string[] | undefined,
): Promise<Map<string, string>> {
  const { rows } = await client.query<{ job_id: string; fingerprint: string }>(STORED_FINGERPRINTS_SQL(), [
    only ?? null,
  ]);
  return new Map(rows.map((r) => [r.job_id, r.fingerprint]));
}

/** Count the run's logged issues as errors of the table each problem file would have fed. */
export async function countIssuesOfRun(
  client: pg.ClientBase,
  runId: number,
  counts: RunCounts,
): Promise<void> {
  const { rows } = await client.query<{ path: string }>(ISSUE_PATHS_SQL(), [runId]);
  for (const r of rows) (counts[tableForIssuePath(r.path)] ??= emptyCounts()).errors++;
}

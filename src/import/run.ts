/**
 * One import run: take the import lock, scan the jobs root, skip folders whose fingerprint is
 * unchanged, read and plan the others concurrently (p-limit), and hand them in folder order to the
 * loader in batches, one transaction each. Reading runs ahead of loading, so the disk and the
 * database work at the same time. A run killed at any point leaves whole batches; the next run
 * skips what they committed and completes the rest.
 */
import { stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import type pg from 'pg';
import { listJobFolders } from '../legacy/scan.ts';
import { addCounts, emptyCounts, SUMMARY_TABLES, tableForIssuePath, type RunCounts } from './counts.ts';
import { BatchLoader } from './load.ts';
import { acquireImportLocks, GLOBAL_LOCK_KEY, locksFor, releaseImportLocks, type LockMode } from './lock.ts';
import { readAndPlan, type ReadOutcome } from './read-and-plan.ts';
import { ReadPool } from './read-pool.ts';
import type { EncodedPlan } from './encode.ts';
import type { IssueRow } from './rows.ts';
import { closeCrossJobFindings } from './run-findings.ts';
import { formatShard, shardOf, type Shard } from './shard.ts';

export interface ImportOptions {
  jobsRoot: string;
  /** Job folders read at once. */
  concurrency?: number;
  /** Worker threads that scan, read and plan folders (0: on the main thread; default by store size and cores). */
  threads?: number;
  /** Jobs per COPY batch and transaction. */
  batchSize?: number;
  /** Re-read every folder, even those whose fingerprint is unchanged. */
  full?: boolean;
  /** Limit the run to these job folders. */
  jobs?: readonly string[];
  /** Only the job folders hashing to this shard (see shard.ts). */
  shard?: Shard;
  /** When another import holds the lock: fail at once (default) or wait for it. */
  lock?: LockMode;
  onProgress?: (done: number, total: number) => void;
  /** When aborted, no more folders are read: what was read is loaded and the run ends as `stopped`. */
  stop?: AbortSignal;
}

export interface FolderCounts {
  found: number;
  selected: number;
  skipped_unchanged: number;
  read: number;
  files_read: number;
  unreadable: number;
  missing: number;
}

export interface ImportSummary {
  runId: number;
  jobsRoot: string;
  jobFolders: number;
  folders: FolderCounts;
  counts: RunCounts;
  elapsedMs: number;
  /** Ended early by `stop`, at a batch boundary (status `stopped`); the next run reads the rest. */
  stopped: boolean;
}

/** A problem with how the run was asked for (not with the data): exit non-zero with this message. */
export class UsageError extends Error {}

export async function runImport(pool: pg.Pool, options: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  const jobsRoot = path.resolve(options.jobsRoot);
  await assertDirectory(jobsRoot);
  const concurrency = options.concurrency ?? 8;
  const batchSize = options.batchSize ?? 200;
  const client = await pool.connect();
  // A checked-out client has no error listener: a connection cut while it is idle would otherwise
  // crash the process. Kept so the failure names the server's reason, not "not queryable".
  let connectionError: Error | undefined;
  const onConnectionError = (err: Error) => (connectionError ??= err);
  client.on('error', onConnectionError);
  let runId: number | undefined;
  const counts: RunCounts = Object.fromEntries(SUMMARY_TABLES.map((table) => [table, emptyCounts()]));
  const folders: FolderCounts = {
    found: 0,
    selected: 0,
    skipped_unchanged: 0,
    read: 0,
    files_read: 0,
    unreadable: 0,
    missing: 0,
  };
  try {
    const lockKey = options.shard
      ? `${GLOBAL_LOCK_KEY}:shard:${formatShard(options.shard)}`
      : GLOBAL_LOCK_KEY;
    const locks = locksFor(options.shard ? lockKey : null);
    await acquireImportLocks(client, locks, options.lock ?? 'fail');
    await markInterruptedRuns(client, options.shard ? lockKey : null);
    runId = await startRun(client, jobsRoot, lockKey, {
      concurrency,
      batchSize,
      full: !!options.full,
      jobs: options.jobs ?? null,
      shard: options.shard ? formatShard(options.shard) : null,
    });
    const loader = await BatchLoader.open(client, runId, { full: !!options.full });

    const listing = await listJobFolders(jobsRoot);
    const scope = selectFolders(listing.jobDirs, options.jobs, options.shard);
    folders.found = listing.jobDirs.length;
    folders.selected = scope.jobDirs.length;
    await recordIssues(
      loader,
      [...listing.issues.map((i) => ({ job_id: null, ...i })), ...scope.issues],
      counts,
    );
    const stored = options.full ? new Map<string, string>() : await storedFingerprints(client, options.jobs);

    // The loader's connection does one thing at a time, in order; reading the next batch goes on
    // while the previous one is in the database (at most one batch in flight).
    let inFlight: Promise<void> = Promise.resolve();
    const enqueue = (work: () => Promise<void>) => {
      inFlight = inFlight.then(work);
      inFlight.catch(() => undefined); // surfaced by the next await of inFlight, not as unhandled
    };
    let batch: EncodedPlan[] = [];
    let done = 0;
    // Folders without a stored fingerprint will certainly be read; the rest are most likely skipped,
    // which one thread does faster than a pool it first has to start.
    const toRead = options.full ? scope.jobDirs.length : scope.jobDirs.filter((j) => !stored.has(j)).length;
    const threads = options.threads ?? defaultThreads(toRead);
    for await (const outcome of readAhead(jobsRoot, scope.jobDirs, stored, concurrency, threads)) {
      if ('plan' in outcome) {
        batch.push(outcome.plan);
        folders.read++;
        folders.files_read += outcome.plan.filesRead;
      } else if ('skipped' in outcome) folders.skipped_unchanged++;
      else {
        folders.unreadable++;
        enqueue(() => recordIssues(loader, [outcome.issue], counts));
      }
      done++; // not inside onProgress?.(...): its arguments are not evaluated without a callback
      options.onProgress?.(done, scope.jobDirs.length);
      if (batch.length >= batchSize) {
        const full = batch;
        batch = [];
        await inFlight;
        enqueue(() => loader.load(full, counts));
      }
      if (options.stop?.aborted) break;
    }
    if (batch.length > 0) enqueue(() => loader.load(batch, counts));
    await inFlight;

    const crossJob = await closeCrossJobFindings(client, runId, options.jobs ? null : listing.jobDirs);
    folders.missing = crossJob.missing;
    addCounts(counts, {
      reconciliation: { ...emptyCounts(), inserted: crossJob.inserted, deleted: crossJob.gone },
    });
    countIssuesPerTable(counts, await issuesOfRun(client, runId));
    const stopped = done < scope.jobDirs.length;
    const why = stopped
      ? `stopped after ${done} of ${scope.jobDirs.length} job folders; the next run reads the rest`
      : null;
    await finishRun(client, runId, stopped ? 'stopped' : 'completed', counts, folders, why);
    await releaseImportLocks(client, locks);
    client.off('error', onConnectionError);
    client.release();
    return {
      runId,
      jobsRoot,
      jobFolders: scope.jobDirs.length,
      folders,
      counts,
      elapsedMs: Date.now() - started,
      stopped,
    };
  } catch (caught) {
    // A statement's own error carries a SQLSTATE; without one ("not queryable"), the listener's is the reason.
    const err = (caught as { code?: unknown }).code === undefined ? (connectionError ?? caught) : caught;
    if (runId !== undefined) {
      await finishRun(pool, runId, 'failed', counts, folders, (err as Error).message).catch(() => undefined);
    }
    // A client that failed mid-transaction is discarded, which also releases the session's import lock.
    client.release(err as Error);
    throw err;
  }
}

/**
 * Read and plan job folders ahead of the loader, yielding results in folder order, so batches (and
 * therefore identity codes) are the same whatever order the disk or the threads answer in.
 */
export async function* readAhead(
  jobsRoot: string,
  jobDirs: readonly string[],
  stored: ReadonlyMap<string, string>,
  concurrency: number,
  threads: number,
): AsyncGenerator<ReadOutcome> {
  const pool = threads > 0 ? ReadPool.start(threads) : null;
  const limit = pLimit(concurrency);
  const read = pool
    ? (jobDir: string) => pool.read(jobsRoot, jobDir, stored.get(jobDir))
    : (jobDir: string) => limit(() => readAndPlan(jobsRoot, jobDir, stored.get(jobDir)));
  const window = pool ? threads * 16 : concurrency * 4;
  const pending: Promise<ReadOutcome>[] = [];
  let next = 0;
  const schedule = () => {
    while (next < jobDirs.length && pending.length < window) {
      const p = read(jobDirs[next++]!);
      p.catch(() => undefined); // a pool failure surfaces when this promise's turn comes
      pending.push(p);
    }
  };
  try {
    schedule();
    while (pending.length > 0) {
      const outcome = await pending.shift()!;
      schedule();
      yield outcome;
    }
  } finally {
    await pool?.close();
  }
}

/** Threads pay off once there are enough folders to read: starting one (tsx included) costs ~0.5 s. */
export function defaultThreads(folders: number): number {
  return folders < 300 ? 0 : Math.max(1, Math.min(4, os.availableParallelism()));
}

export function selectFolders(
  allJobDirs: readonly string[],
  only: readonly string[] | undefined,
  shard: Shard | undefined,
): { jobDirs: string[]; issues: IssueRow[] } {
  const jobDirs = shard ? allJobDirs.filter((j) => shardOf(j, shard.count) === shard.index) : allJobDirs;
  if (!only) return { jobDirs: [...jobDirs], issues: [] };
  const present = new Set(jobDirs);
  const wanted = new Set(only);
  const inRoot = new Set(allJobDirs);
  const issues = [...wanted]
    .filter((j) => !present.has(j) && !inRoot.has(j))
    .map((j) => ({
      job_id: null,
      path: j,
      pointer: '',
      message: `--job ${j}: no such job folder under the jobs root`,
    }));
  return { jobDirs: jobDirs.filter((j) => wanted.has(j)), issues };
}

export async function storedFingerprints(
  client: pg.ClientBase,
  only: readonly string[] | undefined,
): Promise<Map<string, string>> {
  const { rows } = only
    ? await client.query<{ job_id: string; fingerprint: string }>(
        'SELECT job_id, fingerprint FROM jobs WHERE job_id = ANY($1)',
        [only],
      )
    : await client.query<{ job_id: string; fingerprint: string }>('SELECT job_id, fingerprint FROM jobs');
  return new Map(rows.map((r) => [r.job_id, r.fingerprint]));
}

async function recordIssues(loader: BatchLoader, issues: IssueRow[], counts: RunCounts): Promise<void> {
  await loader.recordIssues(issues);
  addCounts(counts, { import_issues: { ...emptyCounts(), read: issues.length, inserted: issues.length } });
}

async function issuesOfRun(client: pg.ClientBase, runId: number): Promise<string[]> {
  const { rows } = await client.query<{ path: string }>('SELECT path FROM import_issues WHERE run_id = $1', [
    runId,
  ]);
  return rows.map((r) => r.path);
}

export function countIssuesPerTable(counts: RunCounts, paths: readonly string[]): void {
  for (const p of paths) (counts[tableForIssuePath(p)] ??= emptyCounts()).errors++;
}

export async function assertDirectory(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => null);
  if (!info) throw new UsageError(`jobs root ${dir} does not exist`);
  if (!info.isDirectory()) throw new UsageError(`jobs root ${dir} is not a directory`);
}

/**
 * Runs that still say "running" under a lock we now hold died before finishing (kill -9, lost host):
 * a shard's own earlier runs, or, for an unsharded run holding the global lock exclusively, all.
 */
async function markInterruptedRuns(client: pg.ClientBase, shardLockKey: string | null): Promise<void> {
  await client.query(
    `UPDATE import_runs SET status = 'interrupted', finished_at = now(),
            error = 'the process ended before the run finished; the next run completed its work'
     WHERE status = 'running' AND ($1::text IS NULL OR lock_key = $1)`,
    [shardLockKey],
  );
}

async function startRun(
  client: pg.ClientBase,
  jobsRoot: string,
  lockKey: string,
  options: object,
): Promise<number> {
  const { rows } = await client.query<{ id: string }>(
    'INSERT INTO import_runs (jobs_root, options, lock_key) VALUES ($1, $2, $3) RETURNING id',
    [jobsRoot, JSON.stringify(options), lockKey],
  );
  return Number(rows[0]!.id);
}

async function finishRun(
  db: pg.ClientBase | pg.Pool,
  runId: number,
  status: string,
  counts: RunCounts,
  folders: FolderCounts,
  error: string | null,
) {
  await db.query(
    'UPDATE import_runs SET finished_at = now(), status = $2, counts = $3, folders = $4, error = $5 WHERE id = $1',
    [runId, status, JSON.stringify(counts), JSON.stringify(folders), error],
  );
}

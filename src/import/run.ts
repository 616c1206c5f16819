/**
 * One import run: take the import lock, scan the jobs root, skip folders whose fingerprint is
 * unchanged, read and plan the others ahead of the loader (read-ahead.ts), and hand them in folder
 * order to the loader in batches, one transaction each, so the disk and the database work at the
 * same time. The run's row in import_runs is kept by run-record.ts. A run killed at any point leaves
 * whole batches; the next run skips what they committed and completes the rest.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { listJobFolders } from '../legacy/scan.ts';
import { type DetectedRoot, detectRoot } from '../legacy/storage-root/storage-root.ts';
import type { IssueRow } from '../model/rows.ts';
import { addCounts, emptyCounts, SUMMARY_TABLES, type RunCounts } from '../staging/counts.ts';
import type { EncodedPlan } from '../staging/encode.ts';
import { UsageError } from '../util/errors.ts';
import { BatchLoader } from './load.ts';
import { acquireImportLocks, GLOBAL_LOCK_KEY, locksFor, releaseImportLocks, type LockMode } from './lock.ts';
import { defaultThreads, readAhead } from './read-ahead.ts';
import { closeCrossJobFindings } from './run-findings.ts';
import { importStorageRoot, knownTokens, type StorageRootCounts } from './storage-root-load.ts';
import { type KnownTokens, Redactor } from '../util/token-redact.ts';
import { redactStoredCopies } from './token-rerun.ts';
import {
  countIssuesOfRun,
  emptyFolderCounts,
  finishRun,
  markInterruptedRuns,
  startRun,
  storedFingerprints,
  type FolderCounts,
} from './run-record.ts';
import { formatShard, shardOf, type Shard } from './shard.ts';

export type { FolderCounts };

export interface ImportOptions {
  /** A storage root (a folder holding jobs/, security/, profiles/) or a jobs folder. */
  jobsRoot: string;
  /** Job folders read at once. */
  concurrency?: number;
  /**
   * Worker threads that scan, read and plan folders (0: on the main thread; default by store size and cores).
   */
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

export interface ImportSummary {
  runId: number;
  /** Which kind of folder the run was given: a storage root, or a jobs folder alone. */
  root: DetectedRoot;
  jobsRoot: string;
  /** The storage root's security/ and profiles/ files; null when there was none or the run had --job. */
  storage: StorageRootCounts | null;
  jobFolders: number;
  folders: FolderCounts;
  counts: RunCounts;
  elapsedMs: number;
  /** Ended early by `stop`, at a batch boundary (status `stopped`); the next run reads the rest. */
  stopped: boolean;
}

export async function runImport(pool: pg.Pool, options: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  await assertDirectory(path.resolve(options.jobsRoot));
  const root = await detectRoot(path.resolve(options.jobsRoot));
  const jobsRoot = root.jobsRoot;
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
  const folders = emptyFolderCounts();
  try {
    const lockKey = options.shard
      ? `${GLOBAL_LOCK_KEY}:shard:${formatShard(options.shard)}`
      : GLOBAL_LOCK_KEY;
    const locks = locksFor(options.shard ? lockKey : null);
    await acquireImportLocks(client, locks, options.lock ?? 'fail');
    await markInterruptedRuns(client, options.shard ? lockKey : null);
    runId = await startRun(client, root, lockKey, {
      concurrency,
      batchSize,
      full: !!options.full,
      jobs: options.jobs ?? null,
      shard: options.shard ? formatShard(options.shard) : null,
    });
    // Known before any file is read, so every string of this run is redacted (docs/security.md).
    const known = await knownTokens(client, root.storageRoot);
    const redactor = new Redactor(known);
    await redactStoredCopies(client, known, redactor);
    const loader = await BatchLoader.open(client, runId, { full: !!options.full, redactor });

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
    for await (const outcome of readAhead(jobsRoot, scope.jobDirs, stored, concurrency, threads, redactor)) {
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

    // The storage root's files, once the jobs they assign are loaded; a run limited by --job leaves them.
    const storage =
      root.storageRoot && !options.jobs
        ? await loadStorageRoot(
            client,
            runId,
            root.storageRoot,
            listing.jobDirs,
            { ...options, known },
            counts,
          )
        : null;

    const crossJob = await closeCrossJobFindings(client, runId, options.jobs ? null : listing.jobDirs);
    folders.missing = crossJob.missing;
    addCounts(counts, {
      reconciliation: { ...emptyCounts(), inserted: crossJob.inserted, deleted: crossJob.gone },
    });
    await countIssuesOfRun(client, runId, counts);
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
      root,
      jobsRoot,
      storage,
      jobFolders: scope.jobDirs.length,
      folders,
      counts,
      elapsedMs: Date.now() - started,
      stopped,
    };
  } catch (caught) {
    // A statement's own error carries a SQLSTATE; without one ("not queryable"), the listener's is the
    // reason.
    const err = (caught as { code?: unknown }).code === undefined ? (connectionError ?? caught) : caught;
    if (runId !== undefined) {
      await finishRun(pool, runId, 'failed', counts, folders, (err as Error).message).catch(() => undefined);
    }
    // A client that failed mid-transaction is discarded, which also releases the session's import lock.
    client.release(err as Error);
    throw err;
  }
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

async function recordIssues(loader: BatchLoader, issues: IssueRow[], counts: RunCounts): Promise<void> {
  await loader.recordIssues(issues);
  addCounts(counts, { import_issues: { ...emptyCounts(), read: issues.length, inserted: issues.length } });
}

export async function assertDirectory(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => null);
  if (!info) throw new UsageError(`jobs root ${dir} does not exist`);
  if (!info.isDirectory()) throw new UsageError(`jobs root ${dir} is not a directory`);
}

/** The storage root's security/ and profiles/ files into their tables; adds what happened to `counts`. */
async function loadStorageRoot(
  client: pg.ClientBase,
  runId: number,
  storageRoot: string,
  jobDirs: readonly string[],
  options: ImportOptions & { known: KnownTokens },
  counts: RunCounts,
): Promise<StorageRootCounts> {
  const { full, known } = options;
  const result = await importStorageRoot(client, runId, storageRoot, jobDirs, { full: !!full, known });
  addCounts(counts, result.counts);
  addCounts(counts, {
    reconciliation: { ...emptyCounts(), inserted: result.findings.inserted, deleted: result.findings.gone },
  });
  return result.files;
}

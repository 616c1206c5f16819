/**
 * One import run: take the import lock, scan the jobs root, skip folders whose fingerprint is
 * unchanged, read and plan the others ahead of the loader (read-ahead.ts), and hand them in folder
 * order to the loader in batches, one transaction each, so the disk and the database work at the
 * same time. The run's row in import_runs is kept by run-record.ts. A run killed at any point leaves
 * whole batches; the next run skips what they committed and completes the rest.
 */
import path from 'node:path';
import type pg from 'pg';
import { type DetectedRoot, detectRoot } from '../legacy/storage-root/storage-root.ts';
import type { IssueRow } from '../model/rows.ts';
import { addCounts, emptyRunCounts, findingCounts, insertedAll, type RunCounts } from '../staging/counts.ts';
import { JOB_FOLDERS_READ_AT_ONCE, JOBS_PER_BATCH } from '../util/read-defaults.ts';
import { BatchLoader } from './load.ts';
import { acquireImportLocks, GLOBAL_LOCK_KEY, locksFor, releaseImportLocks, type LockMode } from './lock.ts';
import { readFoldersInBatches } from './read-loop.ts';
import { closeCrossJobFindings } from './run-findings.ts';
import { importStorageRoot, knownTokens, type StorageRootCounts } from './storage-root-load.ts';
import { redactStoredCopies } from './token-rerun.ts';
import { type KnownTokens, Redactor } from '../util/token-redact.ts';
import {
  countIssuesOfRun,
  emptyFolderCounts,
  finishRun,
  markInterruptedRuns,
  startRun,
  storedFingerprints,
  type FolderCounts,
} from './run-record.ts';
import { assertDirectory, listScope } from './scope.ts';
import { formatShard, type Shard } from './shard.ts';

export type { FolderCounts };

export interface ImportOptions {
  /** A storage root (a folder holding jobs/, security/, profiles/) or a jobs folder. */
  jobsRoot: string;
  /** Job folders read at once (default JOB_FOLDERS_READ_AT_ONCE). */
  concurrency?: number;
  /**
   * Worker threads that scan, read and plan folders (0: on the main thread; default by store size and cores).
   */
  threads?: number;
  /** Jobs per COPY batch and transaction (default JOBS_PER_BATCH). */
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
  const client = await pool.connect();
  // A checked-out client has no error listener: a connection cut while it is idle would otherwise
  // crash the process. Kept so the failure names the server's reason, not "not queryable".
  let connectionError: Error | undefined;
  const onConnectionError = (err: Error) => (connectionError ??= err);
  client.on('error', onConnectionError);
  const run: RunState = { runId: undefined, counts: emptyRunCounts(), folders: emptyFolderCounts() };
  try {
    const summary = await importLocked(client, root, options, run);
    client.off('error', onConnectionError);
    client.release();
    return { ...summary, elapsedMs: Date.now() - started };
  } catch (caught) {
    // A statement's own error carries a SQLSTATE; without one ("not queryable"), the listener's is the
    // reason.
    const err = (caught as { code?: unknown }).code === undefined ? (connectionError ?? caught) : caught;
    if (run.runId !== undefined) {
      const { runId, counts, folders } = run;
      const why = (run.redactor ?? Redactor.none).text((err as Error).message);
      await finishRun(pool, runId, 'failed', counts, folders, why).catch(() => undefined);
    }
    // A client that failed mid-transaction is discarded, which also releases the session's import lock.
    client.release(err as Error);
    throw err;
  }
}

/** What a run has done so far: kept by the caller, so a failed run's row records it too. */
interface RunState {
  runId: number | undefined;
  counts: RunCounts;
  folders: FolderCounts;
  /** Set once the run knows its tokens: a failure's message is stored through it. */
  redactor?: Redactor;
}

/** Take the locks, start the run's row, import, finish the row, give the locks back. */
async function importLocked(
  client: pg.PoolClient,
  root: DetectedRoot,
  options: ImportOptions,
  run: RunState,
): Promise<Omit<ImportSummary, 'elapsedMs'>> {
  const shard = options.shard ? formatShard(options.shard) : null;
  const lockKey = shard ? `${GLOBAL_LOCK_KEY}:shard:${shard}` : GLOBAL_LOCK_KEY;
  const locks = locksFor(shard ? lockKey : null);
  await acquireImportLocks(client, locks, options.lock ?? 'fail');
  await markInterruptedRuns(client, shard ? lockKey : null);
  // Known before anything of this run is written, so every string of it is redacted (docs/security.md).
  const known = await knownTokens(client, root.storageRoot);
  const tokens = { known, redactor: new Redactor(known) };
  run.redactor = tokens.redactor;
  const runId = await startRun(client, root, lockKey, tokens.redactor, {
    concurrency: options.concurrency ?? JOB_FOLDERS_READ_AT_ONCE,
    batchSize: options.batchSize ?? JOBS_PER_BATCH,
    full: !!options.full,
    jobs: options.jobs ?? null,
    shard,
  });
  run.runId = runId;
  const { storage, jobFolders, done } = await importFolders(client, runId, root, options, run, tokens);
  const stopped = done < jobFolders;
  const why = stopped
    ? `stopped after ${done} of ${jobFolders} job folders; the next run reads the rest`
    : null;
  await finishRun(client, runId, stopped ? 'stopped' : 'completed', run.counts, run.folders, why);
  await releaseImportLocks(client, locks);
  const { counts, folders } = run;
  return { runId, root, jobsRoot: root.jobsRoot, storage, jobFolders, folders, counts, stopped };
}

/** The run's work: the job folders, then the storage root's files, then the findings across jobs. */
async function importFolders(
  client: pg.PoolClient,
  runId: number,
  root: DetectedRoot,
  options: ImportOptions,
  { counts, folders }: RunState,
  { known, redactor }: { known: KnownTokens; redactor: Redactor },
): Promise<{ storage: StorageRootCounts | null; jobFolders: number; done: number }> {
  await redactStoredCopies(client, known, redactor);
  const loader = await BatchLoader.open(client, runId, { full: !!options.full, redactor });
  const scope = await listScope(root.jobsRoot, options);
  folders.found = scope.allJobDirs.length;
  folders.selected = scope.jobDirs.length;
  const recordIssues = async (issues: IssueRow[]) => {
    await loader.recordIssues(issues);
    addCounts(counts, { import_issues: insertedAll(issues.length) });
  };
  await recordIssues(scope.issues);
  const stored = options.full ? new Map<string, string>() : await storedFingerprints(client, options.jobs);
  const reading = { ...options, redactor };
  const done = await readFoldersInBatches(root.jobsRoot, scope.jobDirs, stored, reading, folders, {
    loadBatch: (plans) => loader.load(plans, counts),
    recordIssue: (issue) => recordIssues([issue]),
  });

  // The storage root's files, once the jobs they assign are loaded; a run limited by --job leaves them.
  const storage =
    root.storageRoot && !options.jobs
      ? await loadStorageRoot(
          client,
          runId,
          root.storageRoot,
          scope.allJobDirs,
          { ...options, known },
          counts,
        )
      : null;

  const crossJob = await closeCrossJobFindings(client, runId, options.jobs ? null : scope.allJobDirs);
  folders.missing = crossJob.missing;
  addCounts(counts, findingCounts(crossJob));
  await countIssuesOfRun(client, runId, counts);
  return { storage, jobFolders: scope.jobDirs.length, done };
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
  addCounts(counts, findingCounts(result.findings));
  return result.files;
}

/**
 * `jobmig import --dry-run`: scan, fingerprint, read and plan exactly as a run does, then merge each
 * batch into temporary stand-ins of the target tables (dry-load.ts) and report what a real run would
 * insert, update and delete, and which job folders are new, changed and gone. One REPEATABLE READ
 * transaction, always rolled back: no import_runs row, no event, no finding, no lock; a role with
 * nothing but SELECT (and the default TEMP privilege) can run it.
 */
import path from 'node:path';
import type pg from 'pg';
import { detectRoot } from '../legacy/storage-root/storage-root.ts';
import { listJobFolders } from '../legacy/scan.ts';
import { sqlFolder } from '../db/sql-files.ts';
import type { IssueRow } from '../model/rows.ts';
import {
  addCounts,
  emptyCounts,
  SUMMARY_TABLES,
  tableForIssuePath,
  type RunCounts,
} from '../staging/counts.ts';
import type { EncodedPlan } from '../staging/encode.ts';
import { Redactor } from '../util/token-redact.ts';
import { DryLoader, type DryJobChange } from './dry-load.ts';
import { knownTokens } from './storage-root-load.ts';
import { defaultThreads, readAhead } from './read-ahead.ts';
import { emptyFolderCounts, storedFingerprints, type FolderCounts } from './run-record.ts';
import { assertDirectory, selectFolders, type ImportOptions } from './run.ts';

const GONE_SQL = sqlFolder(import.meta.url)('dry-run-gone.sql');

export interface DryRunSummary {
  dryRun: true;
  jobsRoot: string;
  /** The storage root given, if any: its security/ and profiles/ files are not compared by a dry run. */
  storageRoot: string | null;
  folders: FolderCounts;
  /** What a real run would do, per table (inserted, updated, deleted read as "would ..."). */
  counts: RunCounts;
  /**
   * Job folders a real run would add, change and mark gone from disk, in folder order; `refused`:
   * those whose rows the database would refuse (each an import issue, as in a run).
   */
  jobs: { new: string[]; changed: string[]; gone: string[]; refused: string[] };
  /** Selected folders it would leave as they are (skipped, or read with the same content). */
  unchanged: number;
  elapsedMs: number;
}

export type DryRunOptions = Omit<ImportOptions, 'lock'>;

export async function dryRunImport(pool: pg.Pool, options: DryRunOptions): Promise<DryRunSummary> {
  const started = Date.now();
  const given = path.resolve(options.jobsRoot);
  await assertDirectory(given);
  const { jobsRoot, storageRoot } = await detectRoot(given);
  const client = await pool.connect();
  const ignore = () => undefined; // a cut connection surfaces through the awaited query
  client.on('error', ignore);
  let failure: Error | undefined;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
    const summary = await dryRun(client, jobsRoot, { ...options, storageRoot });
    return { ...summary, storageRoot, elapsedMs: Date.now() - started };
  } catch (err) {
    failure = err as Error;
    throw err;
  } finally {
    await client.query('ROLLBACK').catch((err: Error) => (failure ??= err));
    client.off('error', ignore);
    client.release(failure);
  }
}

async function dryRun(
  client: pg.PoolClient,
  jobsRoot: string,
  options: DryRunOptions & { storageRoot: string | null },
) {
  const counts: RunCounts = Object.fromEntries(SUMMARY_TABLES.map((table) => [table, emptyCounts()]));
  const folders = emptyFolderCounts();
  // Read from the real tables before the stand-ins exist: afterwards the names mean the stand-ins.
  const stored = options.full ? new Map<string, string>() : await storedFingerprints(client, options.jobs);
  // Redacted as a run would be, so fingerprints and rows compare with what a run stores.
  const redactor = new Redactor(await knownTokens(client, options.storageRoot));
  const listing = await listJobFolders(jobsRoot);
  const scope = selectFolders(listing.jobDirs, options.jobs, options.shard);
  const wholeRoot = options.jobs ? null : listing.jobDirs; // as a run: shards see the whole root
  const gone = wholeRoot ? (await client.query<{ job_id: string }>(GONE_SQL(), [wholeRoot])).rows : [];
  folders.found = listing.jobDirs.length;
  folders.selected = scope.jobDirs.length;

  const loader = await DryLoader.open(client, { full: options.full, redactor });
  const issues = [...listing.issues.map((i) => ({ job_id: null, ...i })), ...scope.issues];
  await recordIssues(loader, issues, counts);
  const readOptions = { ...options, redactor };
  const changes = await readAndLoad(loader, jobsRoot, scope.jobDirs, stored, readOptions, counts, folders);

  const crossJob = await loader.crossJob(wholeRoot);
  folders.missing = crossJob.missing;
  addCounts(counts, {
    reconciliation: { ...emptyCounts(), inserted: crossJob.inserted, deleted: crossJob.gone },
  });
  for (const p of await loader.issuePaths()) (counts[tableForIssuePath(p)] ??= emptyCounts()).errors++;
  const jobs = {
    new: inOrder(changes.filter((c) => c.inserted).map((c) => c.job_id)),
    changed: inOrder(changes.filter((c) => !c.inserted && c.content_changed).map((c) => c.job_id)),
    gone: gone.map((g) => g.job_id),
    refused: inOrder([...loader.refusedJobs]),
  };
  const written = jobs.new.length + jobs.changed.length + jobs.refused.length;
  const unchanged = folders.selected - folders.unreadable - written;
  return { dryRun: true as const, jobsRoot, folders, counts, jobs, unchanged };
}

/** The run's read loop: folders in order, planned ones merged into the stand-ins a batch at a time. */
async function readAndLoad(
  loader: DryLoader,
  jobsRoot: string,
  jobDirs: string[],
  stored: Map<string, string>,
  options: DryRunOptions & { redactor: Redactor },
  counts: RunCounts,
  folders: FolderCounts,
): Promise<DryJobChange[]> {
  const changes: DryJobChange[] = [];
  const toRead = options.full ? jobDirs.length : jobDirs.filter((j) => !stored.has(j)).length;
  const threads = options.threads ?? defaultThreads(toRead);
  let batch: EncodedPlan[] = [];
  let done = 0;
  const concurrency = options.concurrency ?? 8;
  for await (const outcome of readAhead(jobsRoot, jobDirs, stored, concurrency, threads, options.redactor)) {
    if ('plan' in outcome) {
      batch.push(outcome.plan);
      folders.read++;
      folders.files_read += outcome.plan.filesRead;
    } else if ('skipped' in outcome) folders.skipped_unchanged++;
    else {
      folders.unreadable++;
      await recordIssues(loader, [outcome.issue], counts);
    }
    done++;
    options.onProgress?.(done, jobDirs.length);
    if (batch.length >= (options.batchSize ?? 200)) {
      changes.push(...(await loader.load(batch, counts)));
      batch = [];
    }
  }
  if (batch.length > 0) changes.push(...(await loader.load(batch, counts)));
  return changes;
}

async function recordIssues(loader: DryLoader, issues: IssueRow[], counts: RunCounts) {
  await loader.recordIssues(issues);
  addCounts(counts, { import_issues: { ...emptyCounts(), read: issues.length, inserted: issues.length } });
}

/** Job ids in code-unit order, as folders are listed. */
function inOrder(jobIds: string[]): string[] {
  return jobIds.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

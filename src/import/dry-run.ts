/**
 * `jobmig import --dry-run`: scan, fingerprint, read and plan exactly as a run does, then merge each
 * batch into temporary stand-ins of the target tables (dry-load.ts) and report what a real run would
 * insert, update and delete, and which job folders are new, changed and gone. One REPEATABLE READ
 * transaction, always rolled back: no import_runs row, no event, no finding, no lock; a role with
 * nothing but SELECT (and the default TEMP privilege) can run it. Given a storage root, its security/
 * and profiles/ are read and merged the same way, into stand-ins of their tables.
 */
import path from 'node:path';
import type pg from 'pg';
import { detectRoot } from '../legacy/storage-root/storage-root.ts';
import { sqlFolder } from '../db/sql-files.ts';
import { transaction } from '../db/transaction.ts';
import type { IssueRow } from '../model/rows.ts';
import {
  addCounts,
  emptyCounts,
  emptyRunCounts,
  findingCounts,
  insertedAll,
  tableForIssuePath,
  type RunCounts,
} from '../staging/counts.ts';
import { type AssignmentEventCounts, DryLoader, type DryJobChange } from './dry-load.ts';
import { readFoldersInBatches } from './read-loop.ts';
import { knownTokens, readStorageRoot } from './storage-root-load.ts';
import { Redactor } from '../util/token-redact.ts';
import { emptyFolderCounts, storedFingerprints, type FolderCounts } from './run-record.ts';
import type { ImportOptions } from './run.ts';
import { assertDirectory, listScope } from './scope.ts';

const GONE_SQL = sqlFolder(import.meta.url)('dry-run-gone.sql');

export interface DryRunSummary {
  dryRun: true;
  jobsRoot: string;
  /** The storage root given, if any (its tables are in `counts`, as a run counts them). */
  storageRoot: string | null;
  /**
   * The assignment events the storage root's merge would write; null without a storage root or with
   * --job (a run then leaves the storage root alone too).
   */
  assignmentEvents: AssignmentEventCounts | null;
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
  const summary = await transaction(
    pool,
    'snapshot',
    (client) => dryRun(client, jobsRoot, { ...options, storageRoot }),
    {
      rollback: true,
    },
  );
  return { ...summary, storageRoot, elapsedMs: Date.now() - started };
}

async function dryRun(
  client: pg.PoolClient,
  jobsRoot: string,
  options: DryRunOptions & { storageRoot: string | null },
) {
  const counts = emptyRunCounts();
  const folders = emptyFolderCounts();
  // Read from the real tables before the stand-ins exist: afterwards the names mean the stand-ins.
  const stored = options.full ? new Map<string, string>() : await storedFingerprints(client, options.jobs);
  // Redacted as a run would be, so fingerprints and rows compare with what a run stores.
  const known = await knownTokens(client, options.storageRoot);
  const redactor = new Redactor(known);
  const scope = await listScope(jobsRoot, options);
  const wholeRoot = options.jobs ? null : scope.allJobDirs; // as a run: shards see the whole root
  const gone = wholeRoot ? (await client.query<{ job_id: string }>(GONE_SQL(), [wholeRoot])).rows : [];
  // Read before the stand-ins exist, merged after the jobs (loader.storageRoot); as a run, not with --job.
  const storageRoot = options.jobs ? null : options.storageRoot;
  const full = !!options.full;
  const storageRead = storageRoot ? await readStorageRoot(client, storageRoot, { full, known }) : null;
  folders.found = scope.allJobDirs.length;
  folders.selected = scope.jobDirs.length;

  const loader = await DryLoader.open(client, { full: options.full, redactor });
  const recordIssues = async (issues: IssueRow[]) => {
    await loader.recordIssues(issues);
    addCounts(counts, { import_issues: insertedAll(issues.length) });
  };
  await recordIssues(scope.issues);
  const changes: DryJobChange[] = [];
  await readFoldersInBatches(jobsRoot, scope.jobDirs, stored, { ...options, redactor }, folders, {
    loadBatch: async (plans) => void changes.push(...(await loader.load(plans, counts))),
    recordIssue: (issue) => recordIssues([issue]),
  });

  const crossJob = await loader.crossJob(wholeRoot);
  folders.missing = crossJob.missing;
  addCounts(counts, findingCounts(crossJob));
  const storage = storageRead ? await loader.storageRoot(storageRead) : null;
  if (storage) addCounts(counts, storage.counts);
  for (const p of await loader.issuePaths()) (counts[tableForIssuePath(p)] ??= emptyCounts()).errors++;
  const jobs = {
    new: inOrder(changes.filter((c) => c.inserted).map((c) => c.job_id)),
    changed: inOrder(changes.filter((c) => !c.inserted && c.content_changed).map((c) => c.job_id)),
    gone: gone.map((g) => g.job_id),
    refused: inOrder([...loader.refusedJobs]),
  };
  const written = jobs.new.length + jobs.changed.length + jobs.refused.length;
  const unchanged = folders.selected - folders.unreadable - written;
  const assignmentEvents = storage?.events ?? null;
  return { dryRun: true as const, jobsRoot, folders, counts, jobs, unchanged, assignmentEvents };
}

/** Job ids in code-unit order, as folders are listed. */
function inOrder(jobIds: string[]): string[] {
  return jobIds.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

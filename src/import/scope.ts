/**
 * Which job folders a run (or a dry run) works on: the jobs root must be a directory; its folders are
 * listed, then narrowed to a shard and to the `--job` folders asked for. What the listing could not
 * take, and each `--job` that names no folder, becomes an import issue.
 */
import { stat } from 'node:fs/promises';
import { listJobFolders } from '../legacy/scan.ts';
import type { IssueRow } from '../model/rows.ts';
import { UsageError } from '../util/errors.ts';
import { shardOf, type Shard } from './shard.ts';

export interface RunScope {
  /** Every job folder under the root (cross-job findings look at all of them, shard or not). */
  allJobDirs: string[];
  /** The folders this run reads, in folder order. */
  jobDirs: string[];
  /** The listing's issues and the `--job` folders not found. */
  issues: IssueRow[];
}

export async function assertDirectory(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => null);
  if (!info) throw new UsageError(`jobs root ${dir} does not exist`);
  if (!info.isDirectory()) throw new UsageError(`jobs root ${dir} is not a directory`);
}

/** List the jobs root and select the run's folders. */
export async function listScope(
  jobsRoot: string,
  options: { jobs?: readonly string[]; shard?: Shard },
): Promise<RunScope> {
  const listing = await listJobFolders(jobsRoot);
  const scope = selectFolders(listing.jobDirs, options.jobs, options.shard);
  const listed = listing.issues.map((i) => ({ job_id: null, ...i }));
  return { allJobDirs: listing.jobDirs, jobDirs: scope.jobDirs, issues: [...listed, ...scope.issues] };
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

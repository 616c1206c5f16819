/**
 * One import run: scan the jobs root, read and plan job folders concurrently (p-limit), and hand
 * them in order to the loader in batches, one transaction each. Reading runs ahead of loading, so
 * the disk and the database work at the same time.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import type pg from 'pg';
import { readJob } from '../legacy/read-job.ts';
import { listJobFolders, scanJobFolder } from '../legacy/scan.ts';
import { addCounts, emptyCounts, tableForIssuePath, type RunCounts } from './counts.ts';
import { BatchLoader } from './load.ts';
import { planJob } from './plan.ts';
import type { IssueRow, JobPlan } from './rows.ts';

export interface ImportOptions {
  jobsRoot: string;
  /** Job folders read at once. */
  concurrency?: number;
  /** Jobs per COPY batch and transaction. */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface ImportSummary {
  runId: number;
  jobsRoot: string;
  jobFolders: number;
  counts: RunCounts;
  elapsedMs: number;
}

/** A problem with how the run was asked for (not with the data): exit non-zero with this message. */
export class UsageError extends Error {}

export async function runImport(pool: pg.Pool, options: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  const jobsRoot = path.resolve(options.jobsRoot);
  await assertDirectory(jobsRoot);
  const concurrency = options.concurrency ?? 8;
  const batchSize = options.batchSize ?? 200;
  const runId = await startRun(pool, jobsRoot, { concurrency, batchSize });
  const counts: RunCounts = {};
  let loader: BatchLoader | undefined;
  try {
    loader = await BatchLoader.open(pool, runId);
    const { jobDirs, issues: rootIssues } = await listJobFolders(jobsRoot);
    await recordUnplannedIssues(loader, rootIssues.map((i) => ({ job_id: null, ...i })), counts);

    let batch: JobPlan[] = [];
    let done = 0;
    for await (const outcome of readAhead(jobsRoot, jobDirs, concurrency)) {
      if ('plan' in outcome) batch.push(outcome.plan);
      else await recordUnplannedIssues(loader, [outcome.issue], counts);
      options.onProgress?.(++done, jobDirs.length);
      if (batch.length >= batchSize) {
        await loader.load(batch, counts);
        batch = [];
      }
    }
    if (batch.length > 0) await loader.load(batch, counts);
    countIssuesPerTable(counts, await issuesOfRun(pool, runId));
    await finishRun(pool, runId, 'completed', counts, null);
    loader.release();
    return { runId, jobsRoot, jobFolders: jobDirs.length, counts, elapsedMs: Date.now() - started };
  } catch (err) {
    loader?.release(err as Error);
    await finishRun(pool, runId, 'failed', counts, (err as Error).message).catch(() => undefined);
    throw err;
  }
}

type ReadOutcome = { plan: JobPlan } | { issue: IssueRow };

/**
 * Read and plan job folders with bounded concurrency, yielding results in folder order, so batches
 * (and therefore identity codes) are the same whatever order the disk answers in.
 */
async function* readAhead(jobsRoot: string, jobDirs: readonly string[], concurrency: number): AsyncGenerator<ReadOutcome> {
  const limit = pLimit(concurrency);
  const window = concurrency * 4;
  const pending: Promise<ReadOutcome>[] = [];
  let next = 0;
  const schedule = () => {
    while (next < jobDirs.length && pending.length < window) {
      const jobDir = jobDirs[next++]!;
      pending.push(limit(() => readAndPlan(jobsRoot, jobDir)));
    }
  };
  schedule();
  while (pending.length > 0) {
    const outcome = await pending.shift()!;
    schedule();
    yield outcome;
  }
}

async function readAndPlan(jobsRoot: string, jobDir: string): Promise<ReadOutcome> {
  try {
    const scanned = await scanJobFolder(jobsRoot, jobDir);
    return { plan: planJob(await readJob(jobsRoot, scanned)) };
  } catch (err) {
    // A folder that vanished or cannot be listed is reported; the run goes on.
    return { issue: { job_id: null, path: jobDir, pointer: '', message: `job folder could not be read: ${(err as Error).message}` } };
  }
}

async function recordUnplannedIssues(loader: BatchLoader, issues: IssueRow[], counts: RunCounts): Promise<void> {
  await loader.recordIssues(issues);
  addCounts(counts, { import_issues: { ...emptyCounts(), read: issues.length, inserted: issues.length } });
}

async function issuesOfRun(pool: pg.Pool, runId: number): Promise<string[]> {
  const { rows } = await pool.query<{ path: string }>('SELECT path FROM import_issues WHERE run_id = $1', [runId]);
  return rows.map((r) => r.path);
}

function countIssuesPerTable(counts: RunCounts, paths: readonly string[]): void {
  for (const p of paths) (counts[tableForIssuePath(p)] ??= emptyCounts()).errors++;
}

async function assertDirectory(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => null);
  if (!info) throw new UsageError(`jobs root ${dir} does not exist`);
  if (!info.isDirectory()) throw new UsageError(`jobs root ${dir} is not a directory`);
}

async function startRun(pool: pg.Pool, jobsRoot: string, options: object): Promise<number> {
  const { rows } = await pool.query<{ id: string }>(
    'INSERT INTO import_runs (jobs_root, options) VALUES ($1, $2) RETURNING id',
    [jobsRoot, JSON.stringify(options)],
  );
  return Number(rows[0]!.id);
}

async function finishRun(pool: pg.Pool, runId: number, status: string, counts: RunCounts, error: string | null) {
  await pool.query('UPDATE import_runs SET finished_at = now(), status = $2, counts = $3, error = $4 WHERE id = $1', [
    runId,
    status,
    JSON.stringify(counts),
    error,
  ]);
}

/**
 * jobmig verify: per job, counts on disk against counts in the database. The disk side runs the
 * importer's scanner, reader and planner on each folder (p-limit concurrency, in batches so memory
 * stays flat); the database side is read in one REPEATABLE READ READ ONLY transaction, so every
 * batch is compared with the same snapshot. The secrets check looks for stored copies of tokens.
 */
import type { OnProgress } from '../util/terminal.ts';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import type pg from 'pg';
import { planJob } from '../model/plan.ts';
import { UsageError } from '../util/errors.ts';
import { Redactor, TOKEN_WORD_SOURCE } from '../util/token-redact.ts';
import { JOB_FOLDERS_READ_AT_ONCE, JOBS_PER_BATCH } from '../util/read-defaults.ts';
import { readJob } from '../legacy/read-job.ts';
import { detectRoot } from '../legacy/storage-root/storage-root.ts';
import { listJobFolders, scanJobFolder } from '../legacy/scan.ts';
import { sqlFolder } from '../db/sql-files.ts';
import { transaction } from '../db/transaction.ts';
import { compareCounts, countPlan, type Counts, type Difference } from './counts.ts';

const sqlFile = sqlFolder(import.meta.url);
const DATABASE_COUNTS_SQL = sqlFile('database-counts.sql');
const DATABASE_ONLY_JOBS_SQL = sqlFile('database-only-jobs.sql');
const TOKEN_COPIES_SQL = sqlFile('token-copies.sql');

export interface VerifyResult {
  jobsRoot: string;
  jobsOnDisk: number;
  jobsOnlyInDatabase: number;
  differences: Difference[];
  /** Stored values holding a copy of a stored token: each fails verify (docs/security.md "Tokens"). */
  tokenCopies: TokenCopy[];
}

export interface TokenCopy {
  table: string;
  column: string;
  /** The row's primary key, as "column=value, ...", itself redacted. */
  key: string;
  /** The token's hash label, never the token. */
  token: string;
}

export async function verifyStore(
  pool: pg.Pool,
  jobsRootArg: string,
  concurrency = JOB_FOLDERS_READ_AT_ONCE,
  onProgress?: OnProgress,
): Promise<VerifyResult> {
  const given = path.resolve(jobsRootArg);
  const info = await stat(given).catch(() => null);
  if (!info?.isDirectory()) throw new UsageError(`jobs root ${given} is not a directory`);
  // A storage root is verified through its jobs/ folder, as the import reads it.
  const { jobsRoot } = await detectRoot(given);
  const { jobDirs } = await listJobFolders(jobsRoot);
  const limit = pLimit(concurrency);
  const differences: Difference[] = [];
  return transaction(pool, 'read only snapshot', async (client) => {
    for (let start = 0; start < jobDirs.length; start += JOBS_PER_BATCH) {
      const batch = jobDirs.slice(start, start + JOBS_PER_BATCH);
      const onDisk = await Promise.all(batch.map((jobDir) => limit(() => diskCounts(jobsRoot, jobDir))));
      const inDatabase = await databaseCounts(client, batch);
      for (const [i, jobId] of batch.entries()) {
        differences.push(...compareCounts(jobId, onDisk[i]!, inDatabase.get(jobId) ?? new Map()));
      }
      onProgress?.(start + batch.length, jobDirs.length);
    }
    const { rows } = await client.query<{ job_id: string }>(DATABASE_ONLY_JOBS_SQL(), [jobDirs]);
    for (let start = 0; start < rows.length; start += JOBS_PER_BATCH) {
      const batch = rows.slice(start, start + JOBS_PER_BATCH).map((r) => r.job_id);
      const inDatabase = await databaseCounts(client, batch);
      for (const jobId of batch)
        differences.push(...compareCounts(jobId, new Map(), inDatabase.get(jobId) ?? new Map()));
    }
    const tokenCopies = await storedTokenCopies(client);
    return {
      jobsRoot,
      jobsOnDisk: jobDirs.length,
      jobsOnlyInDatabase: rows.length,
      differences,
      tokenCopies,
    };
  });
}

/** The secrets check: every stored token-shaped word whose sha256 is a stored token's. */
export async function storedTokenCopies(client: pg.ClientBase): Promise<TokenCopy[]> {
  const { rows } = await client.query<{
    table_name: string;
    column_name: string;
    row_key: string;
    token: string;
  }>(TOKEN_COPIES_SQL(), [TOKEN_WORD_SOURCE]);
  if (rows.length === 0) return [];
  // A key can hold the copy itself (a name that was a token): it is shown redacted.
  const hashes = await client.query<{ token_sha256: string }>('SELECT token_sha256 FROM device_tokens');
  const redactor = new Redactor({ plaintexts: [], hashes: hashes.rows.map((r) => r.token_sha256) });
  return rows.map((r) => ({
    table: r.table_name,
    column: r.column_name,
    key: redactor.text(r.row_key),
    token: r.token,
  }));
}

/** A folder the importer could not read would not be imported either: it counts as holding nothing. */
async function diskCounts(jobsRoot: string, jobDir: string): Promise<Counts> {
  try {
    return countPlan(planJob(await readJob(jobsRoot, await scanJobFolder(jobsRoot, jobDir))));
  } catch {
    return new Map();
  }
}

async function databaseCounts(client: pg.ClientBase, jobIds: string[]): Promise<Map<string, Counts>> {
  const { rows } = await client.query<{ job_id: string; count_name: string; n: number }>(
    DATABASE_COUNTS_SQL(),
    [jobIds],
  );
  const byJob = new Map<string, Counts>();
  for (const r of rows) {
    let counts = byJob.get(r.job_id);
    if (!counts) byJob.set(r.job_id, (counts = new Map()));
    counts.set(r.count_name, r.n);
  }
  return byJob;
}

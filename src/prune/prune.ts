/**
 * `jobmig prune`: list the pruning-candidates preset, check each candidate job's snapshots on disk,
 * and with `apply` remove each intact job's candidates in one transaction per job, with a `pruned`
 * event listing exactly what went. Files leave the jobs root only with `moveFilesTo` (same relative
 * paths there); a failure puts back what was moved and rolls the job back.
 */
import type { OnProgress } from '../util/terminal.ts';
import type pg from 'pg';
import { lazyText, sqlFolder } from '../db/sql-files.ts';
import { transaction } from '../db/transaction.ts';
import { assertInJob, assertJobFolderName, JobsRoot, UnsafePathError } from '../files/jobs-root.ts';
import { sha256Hex } from '../util/hash.ts';
import { appendJobEvent } from '../job-outputs/records.ts';
import { filesOf, planPrune, type Candidate, type JobDiskFacts, type JobPrunePlan } from './policy.ts';

export const CANDIDATES_SQL = lazyText(new URL('../query/presets/pruning-candidates.sql', import.meta.url));
const sqlFile = sqlFolder(import.meta.url);
const SNAPSHOT_FILES_SQL = sqlFile('snapshot-files.sql');
const LOCK_JOB_SQL = sqlFile('lock-job.sql');
const DELETE_SQL = sqlFile('delete-candidates.sql');

export interface PruneOptions {
  jobsRoot: string;
  apply?: boolean;
  /** Move the pruned files here; without it files stay on disk and only rows go. */
  moveFilesTo?: string;
  /** Only this job. */
  jobId?: string;
  /** With apply: called after each job, pruned or refused. */
  onProgress?: OnProgress;
}

export interface PrunedJob {
  jobId: string;
  rounds: string[];
  recordings: string[];
  images: string[];
  artifacts: Array<{ path: string; kind: string }>;
  moved: string[];
}

export interface PruneReport {
  plans: JobPrunePlan[];
  pruned: PrunedJob[];
}

export async function prune(pool: pg.Pool, options: PruneOptions): Promise<PruneReport> {
  if (options.jobId) assertJobFolderName(options.jobId);
  const root = await JobsRoot.open(options.jobsRoot);
  const destination =
    options.apply && options.moveFilesTo ? await root.assertOutside(options.moveFilesTo) : null;
  const candidates = await transaction(pool, 'read only', (client) =>
    listCandidates(client, options.jobId ?? null),
  );
  const jobIds = [...new Set(candidates.map((c) => c.job_id))];
  const facts = await diskFacts(pool, root, jobIds, candidates);
  const plans = planPrune(candidates, facts);
  const pruned: PrunedJob[] = [];
  if (options.apply) {
    for (const [i, plan] of plans.entries()) {
      if (plan.refusals.length === 0) {
        const done = await pruneJob(pool, root, plan.jobId, destination);
        if (done) pruned.push(done);
      }
      options.onProgress?.(i + 1, plans.length);
    }
  }
  return { plans, pruned };
}

async function listCandidates(client: pg.ClientBase, jobId: string | null): Promise<Candidate[]> {
  const { rows } = await client.query<Candidate>(CANDIDATES_SQL(), [jobId, null]);
  return rows;
}

/** Hash each snapshot file and look for each retained file that is not itself a candidate. */
async function diskFacts(
  pool: pg.Pool,
  root: JobsRoot,
  jobIds: string[],
  candidates: readonly Candidate[],
): Promise<Map<string, JobDiskFacts>> {
  const listed = new Set(candidates.filter((c) => c.candidate === 'artifact').map((c) => c.key));
  const { rows } = await pool.query<{
    job_id: string;
    what: string;
    kind: string;
    path: string;
    payload_sha256: string | null;
  }>(SNAPSHOT_FILES_SQL(), [jobIds]);
  const facts = new Map<string, JobDiskFacts>(jobIds.map((id) => [id, { snapshots: [], problems: [] }]));
  for (const row of rows) {
    const job = facts.get(row.job_id)!;
    if (row.what === 'retained' && listed.has(row.path)) continue;
    try {
      assertInJob(row.job_id, row.path);
      if (row.what === 'snapshot') {
        const bytes = await root.read(row.path);
        job.snapshots.push({
          kind: row.kind,
          path: row.path,
          storedSha256: row.payload_sha256!,
          diskSha256: bytes ? sha256Hex(bytes) : null,
        });
      } else if (!(await root.statFile(row.path)))
        job.problems.push(`retained file ${row.path} is missing from disk`);
    } catch (err) {
      if (!(err instanceof UnsafePathError)) throw err;
      job.problems.push(err.message);
    }
  }
  return facts;
}

async function pruneJob(
  pool: pg.Pool,
  root: JobsRoot,
  jobId: string,
  destination: string | null,
): Promise<PrunedJob | null> {
  const moved: string[] = [];
  try {
    const done = await transaction(pool, 'read write', async (client) => {
      await client.query(LOCK_JOB_SQL(), [jobId]);
      // Listed again under the lock: what goes is what the database says now.
      const fresh = await listCandidates(client, jobId);
      if (fresh.length === 0) return null;
      const keys = (kind: Candidate['candidate']) =>
        fresh.filter((c) => c.candidate === kind).map((c) => c.key);
      const { rows } = await client.query(DELETE_SQL(), [
        jobId,
        keys('round'),
        keys('recording'),
        keys('image'),
        keys('artifact'),
      ]);
      const deleted = rows[0] as Omit<PrunedJob, 'jobId' | 'moved'>;
      if (destination) {
        for (const file of filesOf(jobId, fresh)) {
          assertInJob(jobId, file);
          if (await root.moveOut(file, destination)) moved.push(file);
        }
      }
      await appendJobEvent(client, jobId, 'pruned', {
        ...deleted,
        reasons: Object.fromEntries(fresh.map((c) => [`${c.candidate}:${c.key}`, c.reason])),
        files_moved_to: destination,
        files_moved: moved,
      });
      return { jobId, ...deleted, moved };
    });
    if (done && destination)
      for (const round of done.rounds) await root.removeEmptyDir(`${jobId}/rounds/${round}`);
    return done;
  } catch (err) {
    for (const file of moved.reverse()) await root.moveBack(file, destination!).catch(() => undefined);
    throw err;
  }
}

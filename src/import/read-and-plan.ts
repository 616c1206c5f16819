/** One job folder from disk to plan: scan it, skip it when its fingerprint is the stored one, else read and plan it. */
import { readJob } from '../legacy/read-job.ts';
import { scanJobFolder } from '../legacy/scan.ts';
import { planJob } from './plan.ts';
import type { IssueRow, JobPlan } from './rows.ts';

export type ReadOutcome = { plan: JobPlan } | { skipped: string } | { issue: IssueRow };

export async function readAndPlan(jobsRoot: string, jobDir: string, storedFingerprint: string | undefined): Promise<ReadOutcome> {
  try {
    const scanned = await scanJobFolder(jobsRoot, jobDir);
    if (scanned.fingerprint === storedFingerprint) return { skipped: jobDir };
    return { plan: planJob(await readJob(jobsRoot, scanned)) };
  } catch (err) {
    // A folder that vanished or cannot be listed is reported; the run goes on.
    return { issue: { job_id: null, path: jobDir, pointer: '', message: `job folder could not be read: ${(err as Error).message}` } };
  }
}

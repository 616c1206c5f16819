/** One job folder from disk to COPY text: scan it, skip it when its fingerprint is the stored one, else read, plan and encode it. */
import { readJob } from '../legacy/read-job.ts';
import { scanJobFolder } from '../legacy/scan.ts';
import { encodePlan, type EncodedPlan } from './encode.ts';
import { planJob } from './plan.ts';
import type { IssueRow } from './rows.ts';

export type ReadOutcome = { plan: EncodedPlan } | { skipped: string } | { issue: IssueRow };

export async function readAndPlan(
  jobsRoot: string,
  jobDir: string,
  storedFingerprint: string | undefined,
): Promise<ReadOutcome> {
  try {
    const scanned = await scanJobFolder(jobsRoot, jobDir);
    if (scanned.fingerprint === storedFingerprint) return { skipped: jobDir };
    return { plan: encodePlan(planJob(await readJob(jobsRoot, scanned))) };
  } catch (err) {
    // A folder that vanished or cannot be listed is reported; the run goes on.
    return {
      issue: {
        job_id: null,
        path: jobDir,
        pointer: '',
        message: `job folder could not be read: ${(err as Error).message}`,
      },
    };
  }
}

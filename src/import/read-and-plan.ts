/**
 * One job folder from disk to COPY text: scan it, skip it when its fingerprint is the stored one,
 * else read it, plan it (src/model), reconcile it (src/reconcile), hash it and encode it.
 */
import { readJob, type ReadJob } from '../legacy/read-job.ts';
import { scanJobFolder } from '../legacy/scan.ts';
import { hashPlan, planJob } from '../model/plan.ts';
import type { FindingRow, IssueRow, JobPlan } from '../model/rows.ts';
import { findingId, type Finding } from '../reconcile/finding.ts';
import { reconcileJob } from '../reconcile/rules/index.ts';
import { encodePlan, type EncodedPlan, redactIssue } from '../staging/encode.ts';
import { sha256Hex } from '../util/hash.ts';
import { Redactor } from '../util/token-redact.ts';

export type ReadOutcome = { plan: EncodedPlan } | { skipped: string } | { issue: IssueRow };

export async function readAndPlan(
  jobsRoot: string,
  jobDir: string,
  storedFingerprint: string | undefined,
  redactor: Redactor = Redactor.none,
): Promise<ReadOutcome> {
  try {
    const scanned = await scanJobFolder(jobsRoot, jobDir);
    // The set of known tokens is part of the fingerprint: when it changes, the folder is read again
    // and its rows lose the copies an earlier run could not recognise.
    if (!redactor.empty) scanned.fingerprint = sha256Hex(`${scanned.fingerprint}\0${redactor.fingerprint}`);
    if (scanned.fingerprint === storedFingerprint) return { skipped: jobDir };
    return { plan: encodePlan(planAndReconcile(await readJob(jobsRoot, scanned, redactor)), redactor) };
  } catch (err) {
    // A folder that vanished or cannot be listed is reported; the run goes on.
    const message = `job folder could not be read: ${(err as Error).message}`;
    return { issue: redactIssue({ job_id: null, path: jobDir, pointer: '', message }, redactor) };
  }
}

/** Everything a read job folder becomes: plan, then reconcile (the rules see the plan), then hash it all. */
export function planAndReconcile(job: ReadJob): JobPlan {
  const plan = planJob(job);
  plan.findings = reconcileJob(job, plan).map(findingRow);
  return hashPlan(plan);
}

function findingRow(f: Finding): FindingRow {
  return {
    job_id: f.job_id,
    id: findingId(f),
    kind: f.kind,
    severity: f.severity,
    summary: f.summary,
    source_values: f.values,
    paths: f.paths,
  };
}

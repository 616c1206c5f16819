/**
 * A reconciliation finding: one disagreement between two sources of truth about a job, for a
 * reviewer to settle. Rules are pure functions of one read-and-planned job folder.
 */
import { createHash } from 'node:crypto';
import type { JobPlan } from '../model/rows.ts';
import type { ReadJob } from '../legacy/read-job.ts';
import type { FindingKind, Severity } from './registry.ts';

export { FINDING_KINDS, type FindingKind, type Severity } from './registry.ts';

export interface Finding {
  job_id: string;
  kind: FindingKind;
  severity: Severity;
  /** What each source says, keyed by source name, e.g. { job_record: "round_5", final: "round_2" }. */
  values: Record<string, unknown>;
  /** Files involved, relative to the jobs root. */
  paths: string[];
  /** One line for a reviewer. */
  summary: string;
}

export type JobRule = (job: ReadJob, plan: JobPlan) => Finding[];

/**
 * Stable id: the same disagreement (job, kind, and the disagreeing values) keeps its id across runs,
 * so reviewer state attaches to it; a different disagreement gets a new id. The database's
 * jobmig_finding_id(job_id, kind, values jsonb) (schema/010) computes the same.
 */
export function findingId(f: Pick<Finding, 'job_id' | 'kind' | 'values'>): string {
  return findingIdOfParts(f.job_id, f.kind, [canonicalJson(f.values)]);
}

/** The one id formula, as jobmig_finding_id(job_id, kind, parts text[]): parts identify the disagreement. */
export function findingIdOfParts(jobId: string, kind: string, parts: readonly string[]): string {
  const text = [jobId, kind, ...parts].join('\n');
  return 'F' + createHash('sha256').update(text).digest('hex').slice(0, 15);
}

/**
 * JSON.stringify of the value with object keys sorted (array-index keys come first in numeric order,
 * as JavaScript orders them); jobmig_canonical_json in schema/010 writes the same text.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

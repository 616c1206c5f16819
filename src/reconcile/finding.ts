/**
 * A reconciliation finding: one disagreement between two sources of truth about a job, for a
 * reviewer to settle. Rules are pure functions of one read-and-planned job folder.
 */
import { createHash } from 'node:crypto';
import type { JobPlan } from '../model/rows.ts';
import type { ReadJob } from '../legacy/read-job.ts';

export const FINDING_KINDS = [
  'latest_round_mismatch',
  'status_mismatch',
  'missing_job_record',
  'identity_mismatch',
  'field_mismatch',
  'final_round_missing',
  'correction_without_final',
  'media_unplaced',
  'media_file_missing',
  'media_meta_missing',
  'manifest_item_missing',
  'report_image_missing',
  'geojson_drift',
  'duplicate_job_number',
  'path_outside_job',
  'final_changed_on_disk',
  'source_missing',
] as const;

export type FindingKind = (typeof FINDING_KINDS)[number];

/** error: the reported record may be wrong; warning: provenance or files are incomplete; info: expected legacy shape. */
export type Severity = 'error' | 'warning' | 'info';

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
 * so reviewer state attaches to it; a different disagreement gets a new id.
 */
export function findingId(f: Pick<Finding, 'job_id' | 'kind' | 'values'>): string {
  const canonical = JSON.stringify(sortKeys(f.values));
  return 'F' + createHash('sha256').update(`${f.job_id}\n${f.kind}\n${canonical}`).digest('hex').slice(0, 15);
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

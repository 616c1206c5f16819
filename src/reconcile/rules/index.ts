/**
 * Every per-job reconciliation rule. Kinds that need the database (duplicate_job_number,
 * final_changed_on_disk, source_missing) are computed in SQL: ../registry.ts says where.
 */
import type { JobPlan } from '../../model/rows.ts';
import type { ReadJob } from '../../legacy/read-job.ts';
import type { Finding, JobRule } from '../finding.ts';
import { correctionWithoutFinal } from './correction-without-final.ts';
import { fieldMismatch } from './field-mismatch.ts';
import { finalRoundMissing } from './final-round-missing.ts';
import { geojsonDrift } from './geojson-drift.ts';
import { identityMismatch } from './identity-mismatch.ts';
import { latestRoundMismatch } from './latest-round-mismatch.ts';
import { manifestItemMissing } from './manifest-item-missing.ts';
import { mediaFileMissing } from './media-file-missing.ts';
import { mediaMetaMissing } from './media-meta-missing.ts';
import { mediaUnplaced } from './media-unplaced.ts';
import { missingJobRecord } from './missing-job-record.ts';
import { pathOutsideJob } from './path-outside-job.ts';
import { reportImageMissing } from './report-image-missing.ts';
import { statusMismatch } from './status-mismatch.ts';
import { tokenInSnapshot } from './token-in-snapshot.ts';

export {
  correctionWithoutFinal,
  fieldMismatch,
  finalRoundMissing,
  geojsonDrift,
  identityMismatch,
  latestRoundMismatch,
  manifestItemMissing,
  mediaFileMissing,
  mediaMetaMissing,
  mediaUnplaced,
  missingJobRecord,
  pathOutsideJob,
  reportImageMissing,
  statusMismatch,
  tokenInSnapshot,
};

/** In FINDING_KINDS order, so a job's findings come out grouped and in the same order every run. */
export const JOB_RULES: JobRule[] = [
  latestRoundMismatch,
  statusMismatch,
  missingJobRecord,
  identityMismatch,
  fieldMismatch,
  finalRoundMissing,
  correctionWithoutFinal,
  mediaUnplaced,
  mediaFileMissing,
  mediaMetaMissing,
  manifestItemMissing,
  reportImageMissing,
  geojsonDrift,
  pathOutsideJob,
  tokenInSnapshot,
];

/** Rules are pure and null-safe on any parse outcome; one that throws is a bug and is left to surface. */
export function reconcileJob(job: ReadJob, plan: JobPlan): Finding[] {
  return JOB_RULES.flatMap((rule) => rule(job, plan));
}

/**
 * Archived status against the presence of final.json: a final is written exactly when a job is
 * archived, so either side disagreeing changes whether the job counts as reported.
 */
import { normalizeStatus } from '../../model/status.ts';
import type { JobRule } from '../finding.ts';
import { finding, hasTopLevelFile, jobPath } from './common.ts';

export const statusMismatch: JobRule = (job) => {
  const record = job.record;
  if (!record?.parsed.value) return [];
  const raw = record.parsed.value.status ?? null;
  const archived = normalizeStatus(raw) === 'ARCHIVED';
  const hasFinal = hasTopLevelFile(job, 'final.json');
  if (archived === hasFinal) return [];
  const finalPath = jobPath(job, 'final.json');
  return [
    finding(job, {
      kind: 'status_mismatch',
      values: { job_record: raw, final: hasFinal ? finalPath : null },
      paths: hasFinal ? [record.rel, finalPath] : [record.rel],
      summary: hasFinal
        ? `final.json exists but job_record status is ${JSON.stringify(raw)}, not ARCHIVED`
        : `job_record status is ${JSON.stringify(raw)} but there is no final.json`,
    }),
  ];
};

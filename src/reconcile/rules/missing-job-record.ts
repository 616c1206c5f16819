/** An archived-only folder is an expected legacy shape (seeded from its snapshot), still worth a look. */
import type { JobRule } from '../finding.ts';
import { finding, hasTopLevelFile, jobPath } from './common.ts';

export const missingJobRecord: JobRule = (job, plan) => {
  if (hasTopLevelFile(job, 'job_record.json')) return [];
  return [
    finding(job, {
      kind: 'missing_job_record',
      values: { job_record: null, seeded_from: plan.job.source },
      paths: [jobPath(job, 'job_record.json')],
      summary:
        `no job_record.json: job seeded from ` +
        `${plan.job.source === 'final_only' ? 'its final snapshot' : 'its files alone'}`,
    }),
  ];
};

/** A correction overwrites only itself, so without final.json the originally archived report is lost. */
import type { JobRule } from '../finding.ts';
import { finding, hasTopLevelFile, jobPath } from './common.ts';

export const correctionWithoutFinal: JobRule = (job) => {
  if (!hasTopLevelFile(job, 'final_correction.json') || hasTopLevelFile(job, 'final.json')) return [];
  return [
    finding(job, {
      kind: 'correction_without_final',
      values: { correction: jobPath(job, 'final_correction.json'), final: null },
      paths: [jobPath(job, 'final_correction.json')],
      summary:
        'final_correction.json exists but final.json does not: the original archived report is missing',
    }),
  ];
};

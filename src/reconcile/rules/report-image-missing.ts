/**
 * A report image a snapshot references but the folder lacks: the archived report cannot be rebuilt,
 * and retention promises these files are kept forever.
 */
import { rebaseStoredPath } from '../../legacy/layout.ts';
import type { JobRule } from '../finding.ts';
import { finding, jobPath, snapshotsOf, textOf } from './common.ts';

export const reportImageMissing: JobRule = (job) => {
  const files = new Set(job.files.map((f) => f.rel));
  return snapshotsOf(job).flatMap(({ kind, file, value }) =>
    (value.report_images ?? []).flatMap((image, index) => {
      const stored = textOf(image.stored_path);
      const relative = textOf(image.path);
      const candidates = [stored, relative].flatMap((p) => {
        const rebased = p === null ? null : rebaseStoredPath(p, job.jobDir);
        return rebased === null ? [] : [rebased];
      });
      // A path that only points outside the job is path_outside_job's finding, not a missing file.
      if (candidates.length === 0 && (stored !== null || relative !== null)) return [];
      if (candidates.some((c) => files.has(c))) return [];
      const wanted = candidates[0] ?? null;
      return [
        finding(job, {
          kind: 'report_image_missing',
          // The path identifies the reference; the index only when there is no path to go by.
          values: wanted ? { [kind]: wanted, disk: null } : { [kind]: null, index, disk: null },
          paths: [file.rel, ...(wanted ? [jobPath(job, wanted)] : [])],
          summary: wanted
            ? `the ${kind}'s report image ${wanted} is not on disk`
            : `the ${kind}'s report image #${index} names no file`,
        }),
      ];
    }),
  );
};

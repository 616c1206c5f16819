/**
 * Stored absolute paths that do not rebase into their own job folder (another job, `..`, no anchor).
 * They are never opened; the finding is the only trace of where the old server thought the file was.
 * A staged export's report images point into the exporting machine's cache by design: info there.
 */
import { rebaseStoredPath } from '../../legacy/layout.ts';
import { stagedExportJobId } from '../../model/staged-export.ts';
import type { Finding, JobRule } from '../finding.ts';
import { finding, snapshotsOf, textOf } from './common.ts';

export const pathOutsideJob: JobRule = (job) => {
  const out: Finding[] = [];
  const check = (storedPath: unknown, rel: string, pointer: string, shape = false) => {
    const source = `${rel}#${pointer}`;
    const value = textOf(storedPath);
    if (value === null || rebaseStoredPath(value, job.jobDir) !== null) return;
    out.push(
      finding(
        job,
        {
          kind: 'path_outside_job',
          // source tells apart two fields that carry the same bad path.
          values: { stored_path: value, job_folder: job.jobDir, source },
          paths: [rel],
          summary: `${pointer.slice(1)} "${value}" in ${rel} is outside job folder ${job.jobDir}: not opened`,
        },
        shape,
      ),
    );
  };
  for (const meta of job.recordingMetas.values())
    check(meta.parsed.value?.stored_path, meta.rel, '/stored_path');
  for (const meta of job.imageMetas.values()) {
    check(meta.parsed.value?.stored_path, meta.rel, '/stored_path');
    check(meta.parsed.value?.report_image_path, meta.rel, '/report_image_path');
  }
  const exported = stagedExportJobId(job) !== null;
  for (const { file, value } of snapshotsOf(job)) {
    for (const [i, image] of (value.report_images ?? []).entries()) {
      check(image.stored_path, file.rel, `/report_images/${i}/stored_path`, exported);
    }
  }
  // Meta maps fill in read-completion order; sorting keeps the output stable across runs.
  const key = (f: Finding) => String(f.values.source);
  return out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
};

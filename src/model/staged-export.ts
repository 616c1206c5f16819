/**
 * The legacy server's staged exports of archived jobs (LEGACY_LAYOUT.md "Staged exports of archived
 * jobs"): a folder named by job number or label, holding a final and no job_record.json, rounds/ or
 * sections/. Pure; the planner keeps the snapshot's job_id, and the rules treat the layout's own
 * differences (folder name, no rounds) as the expected shape.
 */
import type { ReadJob } from '../legacy/read-job.ts';
import { textOrNull } from './values.ts';

/**
 * The snapshot's job_id when the folder is an archived-only export named otherwise, else null. A
 * folder with a job record, rounds or sections is an ordinary job, however it is named.
 */
export function stagedExportJobId(job: ReadJob): string | null {
  const snapshot = job.snapshots.final?.parsed.value ?? job.snapshots.correction?.parsed.value ?? null;
  if (!snapshot || job.record || job.roundDirs.length > 0) return null;
  const working = job.files.some(
    (f) => f.rel === 'job_record.json' || f.rel.startsWith('rounds/') || f.rel.startsWith('sections/'),
  );
  if (working) return null;
  const snapshotJobId = textOrNull(snapshot.job_id);
  return snapshotJobId !== null && snapshotJobId !== job.jobDir ? snapshotJobId : null;
}

/** One view over recording and image rows, so the media rules treat both kinds alike. */
import { recordingKey } from '../../model/placement.ts';
import type { JobPlan } from '../../model/rows.ts';
import type { ReadJob } from '../../legacy/read-job.ts';

export interface MediumView {
  medium: 'recording' | 'image';
  /** Identifies the medium in finding values: section and recording id, or image id. */
  ids: Record<string, string>;
  label: string;
  roundId: string | null;
  filePath: string | null;
  /** The .meta.json on disk, parsed or not: a broken meta is an import issue, not a missing one. */
  metaPath: string | null;
  extraPath: string | null;
}

export function mediaOf(job: ReadJob, plan: JobPlan): MediumView[] {
  const metas = metaFiles(job);
  const recordings = plan.recordings.map(
    (r): MediumView => ({
      medium: 'recording',
      ids: { section_id: r.section_id, recording_id: r.recording_id },
      label: `recording ${r.section_id}/${r.recording_id}`,
      roundId: r.round_id,
      filePath: r.file_path,
      metaPath: metas.get(recordingKey(r.section_id, r.recording_id)) ?? null,
      extraPath: r.transcript_path,
    }),
  );
  const images = plan.images.map(
    (i): MediumView => ({
      medium: 'image',
      ids: { section_id: i.section_id, image_id: i.image_id },
      label: `image ${i.image_id}`,
      roundId: i.round_id,
      filePath: i.file_path,
      metaPath: metas.get(recordingKey(i.section_id, i.image_id)) ?? null,
      extraPath: i.report_path,
    }),
  );
  return [...recordings, ...images];
}

/**
 * "<section>/<media id>" -> meta path (jobs-root relative), from the files themselves rather than the parse
 * results.
 */
function metaFiles(job: ReadJob): Map<string, string> {
  const metas = new Map<string, string>();
  for (const f of job.files) {
    const role = f.role;
    if (role.role === 'metadata' && role.sectionId && role.mediaId) {
      metas.set(recordingKey(role.sectionId, role.mediaId), `${job.jobDir}/${f.rel}`);
    }
  }
  return metas;
}

export function pathsOf(m: MediumView): string[] {
  return [m.filePath, m.metaPath, m.extraPath].filter((p): p is string => p !== null);
}

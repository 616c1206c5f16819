/**
 * Upload metadata whose bytes never arrived (or were lost): the medium is known but cannot be played or
 * shown.
 */
import type { JobRule } from '../finding.ts';
import { finding } from './common.ts';
import { mediaOf, pathsOf } from './media.ts';

export const mediaFileMissing: JobRule = (job, plan) =>
  mediaOf(job, plan)
    .filter((m) => m.metaPath !== null && m.filePath === null)
    .map((m) =>
      finding(job, {
        kind: 'media_file_missing',
        values: { medium: m.medium, ...m.ids, meta: m.metaPath, file: null },
        paths: pathsOf(m),
        summary: `${m.label} has metadata but no ${m.medium === 'recording' ? 'audio' : 'image'} file`,
      }),
    );

/** Bytes without upload metadata: content type, upload time and status are unknown. */
import type { JobRule } from '../finding.ts';
import { finding } from './common.ts';
import { mediaOf, pathsOf } from './media.ts';

export const mediaMetaMissing: JobRule = (job, plan) =>
  mediaOf(job, plan)
    .filter((m) => m.filePath !== null && m.metaPath === null)
    .map((m) =>
      finding(job, {
        kind: 'media_meta_missing',
        values: { medium: m.medium, ...m.ids, file: m.filePath, meta: null },
        paths: pathsOf(m),
        summary: `${m.label} has a file but no .meta.json`,
      }),
    );

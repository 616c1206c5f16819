/** Media no manifest or review places: never guessed into the latest round (the first importer's defect). */
import type { JobRule } from '../finding.ts';
import { finding } from './common.ts';
import { mediaOf, pathsOf } from './media.ts';

export const mediaUnplaced: JobRule = (job, plan) =>
  mediaOf(job, plan)
    .filter((m) => m.roundId === null)
    .map((m) =>
      finding(job, {
        kind: 'media_unplaced',
        values: { medium: m.medium, ...m.ids, round_id: null },
        paths: pathsOf(m),
        summary: `${m.label} is named by no round manifest or review: its round is unknown`,
      }),
    );

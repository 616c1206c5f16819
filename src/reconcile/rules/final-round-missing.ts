/**
 * A snapshot made from a round the folder does not hold: the transcripts and media that round
 * retained (LEGACY_LAYOUT.md "Retention") cannot be traced. A folder with no rounds at all (a staged
 * export, an old archived-only job) has kept none: that is its shape, so the finding is info.
 */
import type { JobRule } from '../finding.ts';
import { finding, snapshotsOf, textOf } from './common.ts';

export const finalRoundMissing: JobRule = (job, plan) => {
  const rounds = new Set([...job.roundDirs, ...plan.rounds.map((r) => r.round_id)]);
  return snapshotsOf(job).flatMap(({ kind, file, value }) => {
    const round = textOf(value.round_id);
    if (round === null || rounds.has(round)) return [];
    return [
      finding(
        job,
        {
          kind: 'final_round_missing',
          values: { [kind]: round, rounds: [...rounds].sort() },
          paths: [file.rel],
          summary: `the ${kind} was made from "${round}", which has no round folder`,
        },
        rounds.size === 0,
      ),
    ];
  });
};

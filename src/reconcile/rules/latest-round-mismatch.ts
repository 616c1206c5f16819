/**
 * The record's latest_round_id against each snapshot's round_id. The snapshot is the authority for
 * what was archived (LEGACY_LAYOUT.md), so the record's pointer is stale provenance, not a wrong report.
 */
import type { JobRule } from '../finding.ts';
import { finding, snapshotsOf, textOf } from './common.ts';

export const latestRoundMismatch: JobRule = (job) => {
  const latest = textOf(job.record?.parsed.value?.latest_round_id);
  if (latest === null || !job.record) return [];
  return snapshotsOf(job).flatMap(({ kind, file, value }) => {
    const round = textOf(value.round_id);
    if (round === null || round === latest) return [];
    return [
      finding(job, {
        kind: 'latest_round_mismatch',
        values: { job_record: latest, [kind]: round },
        paths: [job.record!.rel, file.rel],
        summary: `job_record latest_round_id "${latest}" but the ${kind} was made from "${round}"`,
      }),
    ];
  });
};

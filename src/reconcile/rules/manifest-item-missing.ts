/**
 * A manifest lists what the client uploaded in that round; an item with nothing of it on disk
 * (no bytes, meta or transcript) is an upload that was lost or never completed.
 */
import { recordingKey } from '../../model/placement.ts';
import { compareRoundIds, JOB_PHOTOS_SECTION } from '../../legacy/layout.ts';
import type { JobRule } from '../finding.ts';
import { finding } from './common.ts';

export const manifestItemMissing: JobRule = (job, plan) => {
  const recordings = new Set(plan.recordings.map((r) => recordingKey(r.section_id, r.recording_id)));
  const images = new Set(plan.images.map((i) => i.image_id));
  const rounds = [...job.manifests.keys()].sort(compareRoundIds);
  return rounds.flatMap((roundId) => {
    const file = job.manifests.get(roundId)!;
    return (file.parsed.value ?? []).flatMap((item) => {
      // Same rule as placement: the kind or the photos section makes an item an image.
      const image = item.kind?.toLowerCase() === 'image' || item.section_id === JOB_PHOTOS_SECTION;
      const onDisk = image
        ? images.has(item.artifact_id)
        : recordings.has(recordingKey(item.section_id, item.artifact_id));
      if (onDisk) return [];
      return [
        finding(job, {
          kind: 'manifest_item_missing',
          values: {
            round_id: roundId,
            section_id: item.section_id,
            artifact_id: item.artifact_id,
            kind: image ? 'image' : 'recording',
            disk: null,
          },
          paths: [file.rel],
          summary:
            `round ${roundId} manifest lists ${image ? 'image' : 'recording'}` +
            ` ${item.section_id}/${item.artifact_id}` +
            `, which is not on disk`,
        }),
      ];
    });
  });
};

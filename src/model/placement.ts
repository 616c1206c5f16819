/**
 * Which round each uploaded recording or image belongs to. Media folders are per section, not per
 * round, so the round comes from the round manifests (the upload lists) and the reviews. Both can
 * repeat media of earlier rounds (a review lists a section's recordings cumulatively), so the
 * earliest round that places a medium, by either source, is the one it was uploaded in; within a
 * round the manifest is named as the source. Media nothing places stay unplaced: never "the latest round".
 */
import { compareRoundIds, JOB_PHOTOS_SECTION } from '../legacy/layout.ts';
import type { Manifest, Review } from '../legacy/schemas.ts';
import type { RoundSource } from './rows.ts';

export interface RoundSources {
  roundId: string;
  manifest: Manifest | null;
  review: Review | null;
}

export interface Placement {
  roundId: string;
  source: RoundSource;
}

export interface MediaPlacements {
  /** Keyed "<section_id>/<recording_id>". */
  recordings: Map<string, Placement>;
  images: Map<string, Placement>;
}

export const recordingKey = (sectionId: string, recordingId: string) => `${sectionId}/${recordingId}`;

export function placeMedia(rounds: readonly RoundSources[]): MediaPlacements {
  const ordered = [...rounds].sort((a, b) => compareRoundIds(a.roundId, b.roundId));
  const recordings = new Map<string, Placement>();
  const images = new Map<string, Placement>();
  const place = (map: Map<string, Placement>, key: string, roundId: string, source: RoundSource) => {
    if (!map.has(key)) map.set(key, { roundId, source });
  };
  for (const { roundId, manifest, review } of ordered) {
    for (const item of manifest ?? []) {
      if (isImageItem(item.kind, item.section_id)) place(images, item.artifact_id, roundId, 'manifest');
      else place(recordings, recordingKey(item.section_id, item.artifact_id), roundId, 'manifest');
    }
    for (const [sectionId, ids] of Object.entries(review?.section_recordings ?? {})) {
      for (const id of ids ?? []) place(recordings, recordingKey(sectionId, id), roundId, 'review');
    }
    for (const image of review?.images ?? []) {
      const id = reviewImageId(image);
      if (id !== null) place(images, id, roundId, 'review');
    }
  }
  return { recordings, images };
}

/** A manifest item is an image by its kind (any case) or by the job_photos section. */
export function isImageItem(kind: string | null | undefined, sectionId: string | null): boolean {
  return kind?.toLowerCase() === 'image' || sectionId === JOB_PHOTOS_SECTION;
}

/** review.json `images` has been written as bare ids and as objects over the server's life. */
function reviewImageId(image: unknown): string | null {
  if (typeof image === 'string') return image;
  if (image && typeof image === 'object') {
    const o = image as Record<string, unknown>;
    for (const field of ['image_id', 'artifact_id', 'id']) {
      if (typeof o[field] === 'string') return o[field] as string;
    }
  }
  return null;
}

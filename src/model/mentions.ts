/**
 * Every round that names a recording or an image, from the raw manifest and review JSON as stored
 * in job_rounds. Placement (placement.ts) keeps only the earliest round, read through the schemas;
 * retention needs all of them, and must see a name even in a file the schemas reject: a retained
 * round whose manifest fails validation still names media that must not be pruned.
 *
 * The rules mirror what PostgreSQL's `->>` would read from the same JSON, so the column planned from
 * this (round_recordings.mentioned_in, round_images.mentioned_in) says what a query over the stored
 * manifest and review would say, without a query decompressing them per round.
 */
import { isImageItem, recordingKey } from './placement.ts';

export interface RawRound {
  roundId: string;
  /** The manifest and review as parsed JSON, whatever their shape; null when the file is absent. */
  manifest: unknown;
  review: unknown;
}

export interface MediaMentions {
  /** Keyed "<section_id>/<recording_id>", like placement. */
  recordings: Map<string, Set<string>>;
  images: Map<string, Set<string>>;
}

export function mentionMedia(rounds: readonly RawRound[]): MediaMentions {
  const recordings = new Map<string, Set<string>>();
  const images = new Map<string, Set<string>>();
  const mention = (map: Map<string, Set<string>>, key: string, roundId: string) => {
    let set = map.get(key);
    if (!set) map.set(key, (set = new Set()));
    set.add(roundId);
  };
  for (const { roundId, manifest, review } of rounds) {
    for (const item of Array.isArray(manifest) ? manifest : []) {
      if (!isObject(item)) continue;
      const id = jsonText(item.artifact_id);
      const sectionId = jsonText(item.section_id);
      if (isImageItem(jsonText(item.kind), sectionId)) {
        if (id !== null) mention(images, id, roundId);
      } else if (id !== null && sectionId !== null) {
        mention(recordings, recordingKey(sectionId, id), roundId);
      }
    }
    if (!isObject(review)) continue;
    if (isObject(review.section_recordings)) {
      for (const [sectionId, ids] of Object.entries(review.section_recordings)) {
        for (const id of Array.isArray(ids) ? ids : []) {
          const text = jsonText(id);
          if (text !== null) mention(recordings, recordingKey(sectionId, text), roundId);
        }
      }
    }
    for (const image of Array.isArray(review.images) ? review.images : []) {
      const id = reviewImageId(image);
      if (id !== null) mention(images, id, roundId);
    }
  }
  return { recordings, images };
}

/** The rounds of `mentions` and of a placement, as a sorted column value. */
export function mentionedIn(mentions: Set<string> | undefined, placedIn: string | null): string[] {
  const rounds = new Set(mentions);
  if (placedIn !== null) rounds.add(placedIn);
  return [...rounds].sort();
}

/** review.json `images` entries: bare ids, or objects naming the id in one of three fields. */
function reviewImageId(image: unknown): string | null {
  if (typeof image === 'string') return image;
  if (!isObject(image)) return null;
  return jsonText(image.image_id) ?? jsonText(image.artifact_id) ?? jsonText(image.id);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A JSON value as `->>` gives it: strings as they are, numbers and booleans as their text. Objects
 * and arrays read as null here (PostgreSQL would give their JSON text): no medium id is JSON text,
 * so such a mention could match nothing either way.
 */
function jsonText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/**
 * A job's recordings and images: which round uploaded each and when, their transcripts, and the
 * irregular media planted in the job (unplaced, missing bytes or meta, truncated meta, paths elsewhere).
 */
import type { Image, JobContext, Recording } from './job-context.ts';
import type { Rng } from './rng.ts';
import { recordingTranscript } from './transcripts.ts';
import { OLD_SERVER_ROOT } from './types.ts';
import { round5 } from './util.ts';
import { DIRECTIONS, RECORDING_SECTIONS, type RecordingSection, SECTION_WEIGHTS } from './vocabulary.ts';

export interface Media {
  recordings: Recording[];
  images: Image[];
  /** Per round: the time of its last upload so far. */
  uploadClock: number[];
  /** Per round: when its review came back. */
  reviewTime: number[];
}

export function planMedia(ctx: JobContext): Media {
  const { r, roundStart } = ctx;
  const recordings = drawRecordings(ctx);
  const images = drawImages(ctx);
  // Upload order within a round: recordings by section, then images.
  const uploadClock = roundStart.slice();
  const byUpload = [...recordings].sort(
    (a, b) =>
      a.round - b.round || RECORDING_SECTIONS.indexOf(a.section) - RECORDING_SECTIONS.indexOf(b.section),
  );
  for (const rec of byUpload) rec.uploadedAt = uploadClock[rec.round]! += r.int(60, 420);
  for (const img of images) img.uploadedAt = uploadClock[img.round]! += r.int(30, 240);
  const reviewTime = roundStart.map((_, k) => uploadClock[k]! + r.int(1, 6) * 3600 + r.int(0, 3599));
  transcribe(ctx, recordings);
  return { recordings, images, uploadClock, reviewTime };
}

function drawRecordings(ctx: JobContext): Recording[] {
  const { r, sk, short } = ctx;
  const roundCount = ctx.roundIds.length;
  const recordings: Recording[] = [];
  for (let k = 0; k < sk.recordings; k++) {
    const round = Math.min(roundCount - 1, Math.floor(r.float() ** 1.4 * roundCount));
    const section = RECORDING_SECTIONS[r.weighted(SECTION_WEIGHTS)]!;
    recordings.push(newRecording(r, `rec_${short}_${String(k + 1).padStart(2, '0')}`, section, round));
  }
  // The first round always carries something.
  if (!recordings.some((x) => x.round === 0)) recordings[0]!.round = 0;
  return recordings;
}

function drawImages(ctx: JobContext): Image[] {
  const { r, sk, short, tree } = ctx;
  const roundCount = ctx.roundIds.length;
  const images: Image[] = [];
  for (let k = 0; k < sk.images; k++) {
    const round = Math.min(roundCount - 1, Math.floor(r.float() ** 1.2 * roundCount));
    images.push({
      id: `img_${short}_${k + 1}`,
      ext: r.chance(0.85) ? 'jpg' : 'png',
      round,
      uploadedAt: 0,
      caption: r.chance(0.85) ? `${tree.spot} ${imageSubject(r)}` : null,
      gps: r.chance(0.3)
        ? {
            latitude: round5(tree.lat + (r.float() - 0.5) * 0.001),
            longitude: round5(tree.lon + (r.float() - 0.5) * 0.001),
          }
        : null,
      inManifest: true,
      inReview: true,
      storedPath: null,
    });
  }
  return images;
}

/** What a photo shows (the crown's direction is drawn before the subject, as the list is built). */
function imageSubject(r: Rng): string {
  const crown = 'crown from the ' + r.pick(DIRECTIONS);
  return r.pick([
    'full view',
    'trunk base',
    crown,
    'defect close-up',
    'target area',
    'root flare',
    'after pruning',
  ]);
}

/** Reviewed rounds' recordings get transcripts, except the few that failed (all of a failed round). */
function transcribe(ctx: JobContext, recordings: Recording[]): void {
  const { r, sk, lastRound } = ctx;
  const failedLast = sk.status === 'FAILED';
  for (const rec of recordings) {
    const pending = !sk.reviewed[rec.round];
    rec.failed = (failedLast && rec.round === lastRound) || (!pending && r.chance(0.02));
    rec.transcript = pending || rec.failed ? null : recordingTranscript(r, rec.section);
  }
}

export function newRecording(r: Rng, id: string, section: RecordingSection, round: number): Recording {
  return {
    id,
    section,
    ext: (['wav', 'm4a', 'mp3'] as const)[r.weighted([40, 45, 15])]!,
    round,
    uploadedAt: 0,
    transcript: null,
    failed: false,
    inManifest: true,
    inReview: true,
    hasAudio: true,
    hasMeta: true,
    storedPath: null,
    truncatedMeta: false,
  };
}

/** Plants the job's media irregularities, in a fixed order (each draws from the job's stream). */
export function plantIrregularMedia(ctx: JobContext, media: Media): void {
  const { irr, sk, r } = ctx;
  const { recordings, images } = media;
  const reviewedRecs = () =>
    recordings.filter((x) => sk.reviewed[x.round] && x.inManifest && x.inReview && x.hasAudio && x.hasMeta);
  if (irr.has('manifest_only_media')) {
    const rec = r.pick(reviewedRecs());
    rec.inReview = false;
  }
  if (irr.has('review_only_media')) {
    const imgs = images.filter((x) => sk.reviewed[x.round]);
    if (imgs.length && r.chance(0.4)) r.pick(imgs).inManifest = false;
    else r.pick(reviewedRecs()).inManifest = false;
  }
  if (irr.has('unplaced_recording')) addUnplacedRecording(ctx, media);
  plantBrokenRecordings(ctx, recordings);
  if (irr.has('stored_path_outside')) plantPathOutside(ctx, media);
}

/** A recording no manifest or review names: its files are on disk all the same. */
function addUnplacedRecording(ctx: JobContext, media: Media): void {
  const { r, short, lastRound } = ctx;
  const { recordings, uploadClock } = media;
  const section = RECORDING_SECTIONS[r.weighted(SECTION_WEIGHTS)]!;
  const rec = newRecording(
    r,
    `rec_${short}_${String(recordings.length + 1).padStart(2, '0')}`,
    section,
    r.int(0, lastRound),
  );
  rec.uploadedAt = uploadClock[rec.round]! += r.int(60, 420);
  rec.transcript = recordingTranscript(r, section);
  rec.inManifest = false;
  rec.inReview = false;
  recordings.push(rec);
}

const isPlain = (x: Recording) => x.inManifest && x.inReview && x.hasAudio && x.hasMeta && !x.truncatedMeta;

/** Meta without bytes, bytes without meta, a truncated meta: each on an otherwise plain recording. */
function plantBrokenRecordings(ctx: JobContext, recordings: Recording[]): void {
  const { irr, r, sk } = ctx;
  const plain = () => recordings.filter(isPlain);
  if (irr.has('meta_without_bytes')) {
    const rec = r.pick(plain());
    rec.hasAudio = false;
    rec.transcript = null;
    rec.failed = true;
  }
  if (irr.has('bytes_without_meta')) {
    const rec = r.pick(plain());
    rec.hasMeta = false;
    rec.transcript = null;
  }
  if (sk.brokenShape === 'truncated_meta') r.pick(plain()).truncatedMeta = true;
}

/** A stored_path into another job's folder, or one that climbs out of the jobs root. */
function plantPathOutside(ctx: JobContext, media: Media): void {
  const { r, world, index, oldRoot } = ctx;
  const { images, recordings } = media;
  const useImage = images.length > 0 && r.chance(0.3);
  const other =
    world.jobs[(index + 1 + r.int(0, Math.max(0, world.jobs.length - 2))) % world.jobs.length]!.folder;
  if (useImage) {
    const img = r.pick(images);
    img.storedPath = r.chance(0.5)
      ? `${oldRoot}/../../../../../etc/passwd`
      : `${OLD_SERVER_ROOT}/${other}/sections/job_photos/images/img_${other.slice(4, 12)}_1.jpg`;
  } else {
    const rec = r.pick(recordings.filter(isPlain));
    rec.storedPath = r.chance(0.5)
      ? `${oldRoot}/../../../../../etc/passwd`
      : `${OLD_SERVER_ROOT}/${other}/sections/${rec.section}/recordings/` +
        `rec_${other.slice(4, 12)}_01.${rec.ext}`;
  }
}

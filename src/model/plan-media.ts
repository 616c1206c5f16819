/**
 * Recording and image rows: one per medium, whether the disk has its bytes, its metadata or both.
 * The round comes from placement (manifests, then reviews), never from the job's latest round.
 */
import type { FileIssue } from '../legacy/issues.ts';
import { JOB_PHOTOS_SECTION, rebaseStoredPath } from '../legacy/layout.ts';
import type { ReadJob, ReadJson } from '../legacy/read-job.ts';
import type { AudioProbe } from '../legacy/schemas.ts';
import { mentionedIn, type MediaMentions } from './mentions.ts';
import { recordingKey, type MediaPlacements } from './placement.ts';
import { MEDIA_STATUSES, readStatus } from './status.ts';
import { textOrNull, timestamp, withRowHash } from './values.ts';
import type { ImageRow, RecordingRow } from './rows.ts';

export interface PlannedMedia {
  recordings: RecordingRow[];
  images: ImageRow[];
  roundOfMedia: (sectionId: string, mediaId: string) => string | null;
}

interface Located {
  rel: string;
  size: number;
}

interface MediaFiles {
  bytes?: Located;
  extra?: Located;
}

type RecordingFiles = MediaFiles & { sectionId: string; recordingId: string };

export function planMedia(
  job: ReadJob,
  placements: MediaPlacements,
  mentions: MediaMentions,
  issues: FileIssue[],
): PlannedMedia {
  const { recordingFiles, imageFiles } = mediaFiles(job, issues);
  const recordings = [...recordingFiles.entries()]
    .sort(byKey)
    .map(([key, files]) => recordingRow(job, key, files, placements, mentions, issues));
  const images = [...imageFiles.entries()]
    .sort(byKey)
    .map(([imageId, files]) => imageRow(job, imageId, files, placements, mentions, issues));
  const roundOfMedia = (sectionId: string, mediaId: string) =>
    sectionId === JOB_PHOTOS_SECTION
      ? (placements.images.get(mediaId)?.roundId ?? null)
      : (placements.recordings.get(recordingKey(sectionId, mediaId))?.roundId ?? null);
  return { recordings, images, roundOfMedia };
}

/** Every medium the folder has bytes or metadata for, with its bytes file and its companion file. */
function mediaFiles(job: ReadJob, issues: FileIssue[]) {
  const recordingFiles = new Map<string, RecordingFiles>();
  const imageFiles = new Map<string, MediaFiles>();
  for (const file of job.files) {
    const role = file.role;
    if (role.role !== 'artifact' || !role.mediaId || !role.sectionId) continue;
    const located = { rel: `${job.jobDir}/${file.rel}`, size: file.size };
    if (role.kind === 'audio' || role.kind === 'transcript_txt') {
      const key = recordingKey(role.sectionId, role.mediaId);
      const entry = recordingFiles.get(key) ?? { sectionId: role.sectionId, recordingId: role.mediaId };
      if (role.kind === 'transcript_txt') entry.extra = located;
      else addBytes(entry, located, `audio file for recording ${role.mediaId}`, issues);
      recordingFiles.set(key, entry);
    } else if (role.kind === 'image' || role.kind === 'report_image') {
      const entry = imageFiles.get(role.mediaId) ?? {};
      if (role.kind === 'report_image') entry.extra = located;
      else addBytes(entry, located, `image file for image ${role.mediaId}`, issues);
      imageFiles.set(role.mediaId, entry);
    }
  }
  for (const key of job.recordingMetas.keys()) {
    if (!recordingFiles.has(key)) {
      const slash = key.indexOf('/');
      recordingFiles.set(key, { sectionId: key.slice(0, slash), recordingId: key.slice(slash + 1) });
    }
  }
  for (const id of job.imageMetas.keys()) if (!imageFiles.has(id)) imageFiles.set(id, {});
  return { recordingFiles, imageFiles };
}

/** The first bytes file of a medium is its bytes; a second one is reported and kept as an artifact only. */
function addBytes(entry: MediaFiles, located: Located, what: string, issues: FileIssue[]): void {
  if (!entry.bytes) {
    entry.bytes = located;
    return;
  }
  issues.push({
    path: located.rel,
    pointer: '',
    message: `second ${what} (first: ${entry.bytes.rel}): kept as an artifact only`,
  });
}

function recordingRow(
  job: ReadJob,
  key: string,
  files: RecordingFiles,
  placements: MediaPlacements,
  mentions: MediaMentions,
  issues: FileIssue[],
): RecordingRow {
  const metaFile = job.recordingMetas.get(key);
  const meta = metaFile?.parsed.value ?? null;
  const placement = placements.recordings.get(key) ?? null;
  checkStoredPath(job.jobDir, metaFile, 'stored_path', issues);
  const status = uploadStatus(metaFile, issues);
  return withRowHash({
    job_id: job.jobDir,
    section_id: files.sectionId,
    recording_id: files.recordingId,
    round_id: placement?.roundId ?? null,
    round_source: placement?.source ?? null,
    mentioned_in: mentionedIn(mentions.recordings.get(key), placement?.roundId ?? null),
    file_path: files.bytes?.rel ?? null,
    content_type: textOrNull(meta?.content_type),
    bytes: meta?.bytes ?? files.bytes?.size ?? null,
    upload_status: status.typed,
    upload_status_raw: status.raw,
    duration_ms: metaFile ? durationMs(meta?.audio_probe ?? null, metaFile.rel, issues) : null,
    uploaded_at: metaFile ? timestamp(meta?.uploaded_at, metaFile.rel, '/uploaded_at', issues) : null,
    transcript_path: files.extra?.rel ?? null,
    meta: metaFile?.parsed.raw ?? null,
  });
}

/** upload_status, else status (older metas): one of MEDIA_STATUSES, or null and an issue. */
function uploadStatus(metaFile: ReadJson<'recording_meta'> | undefined, issues: FileIssue[]) {
  const meta = metaFile?.parsed.value ?? null;
  const field = textOrNull(meta?.upload_status) !== null ? 'upload_status' : 'status';
  return readStatus(
    meta?.[field],
    MEDIA_STATUSES,
    { path: metaFile?.rel ?? '', pointer: `/${field}`, what: `recording ${field}` },
    issues,
  );
}

function imageRow(
  job: ReadJob,
  imageId: string,
  files: MediaFiles,
  placements: MediaPlacements,
  mentions: MediaMentions,
  issues: FileIssue[],
): ImageRow {
  const metaFile = job.imageMetas.get(imageId);
  const meta = metaFile?.parsed.value ?? null;
  const placement = placements.images.get(imageId) ?? null;
  checkStoredPath(job.jobDir, metaFile, 'stored_path', issues);
  checkStoredPath(job.jobDir, metaFile, 'report_image_path', issues);
  return withRowHash({
    job_id: job.jobDir,
    image_id: imageId,
    section_id: JOB_PHOTOS_SECTION,
    round_id: placement?.roundId ?? null,
    round_source: placement?.source ?? null,
    mentioned_in: mentionedIn(mentions.images.get(imageId), placement?.roundId ?? null),
    file_path: files.bytes?.rel ?? null,
    report_path: files.extra?.rel ?? null,
    content_type: textOrNull(meta?.content_type),
    bytes: meta?.bytes ?? files.bytes?.size ?? null,
    report_bytes: meta?.report_bytes ?? files.extra?.size ?? null,
    caption: textOrNull(meta?.caption),
    latitude: finite(meta?.latitude),
    longitude: finite(meta?.longitude),
    uploaded_at: metaFile ? timestamp(meta?.uploaded_at, metaFile.rel, '/uploaded_at', issues) : null,
    meta: metaFile?.parsed.raw ?? null,
  });
}

/** A stored path that escapes its own job folder is reported and never opened. */
function checkStoredPath(
  jobDir: string,
  metaFile: ReadJson<'recording_meta'> | ReadJson<'image_meta'> | undefined,
  field: 'stored_path' | 'report_image_path',
  issues: FileIssue[],
): void {
  const value = (metaFile?.parsed.value as Record<string, unknown> | null | undefined)?.[field];
  if (typeof value === 'string' && value !== '' && rebaseStoredPath(value, jobDir) === null) {
    issues.push({
      path: metaFile!.rel,
      pointer: `/${field}`,
      message: `${field} "${value}" is outside job folder ${jobDir}: not opened`,
    });
  }
}

/**
 * Milliseconds as a bigint column can hold them; a value out of that range is reported, not sent to be
 * refused.
 */
function durationMs(probe: AudioProbe | null, rel: string, issues: FileIssue[]): number | null {
  const [ms, pointer] =
    probe?.duration_ms !== null && probe?.duration_ms !== undefined
      ? [probe.duration_ms, '/audio_probe/duration_ms']
      : typeof probe?.duration === 'number'
        ? [probe.duration * 1000, '/audio_probe/duration']
        : [null, ''];
  if (ms === null) return null;
  const rounded = Math.round(ms);
  if (Number.isSafeInteger(rounded)) return rounded;
  issues.push({
    path: rel,
    pointer,
    message: `duration of ${ms} ms is out of range: duration_ms stored as null (meta keeps the value)`,
  });
  return null;
}

function finite(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

const byKey = <T>(a: [string, T], b: [string, T]) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

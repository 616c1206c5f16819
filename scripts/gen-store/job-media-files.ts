/**
 * A job's media files: audio bytes, recording .meta.json (probe results, status) and transcripts per
 * section; images with their report copy and .meta.json.
 */
import type { Written } from './job-form.ts';
import {
  AUDIO,
  addFile,
  type Image,
  type JobContext,
  JPEG_BYTES,
  json,
  PNG_BYTES,
  REPORT_JPEG_BYTES,
  type Recording,
} from './job-context.ts';
import type { Media } from './job-media.ts';
import { iso } from './util.ts';

export function writeMediaFiles(ctx: JobContext, media: Media, written: Written): void {
  for (const rec of media.recordings) writeRecording(ctx, media, rec, written.statusKey);
  for (const img of media.images) writeImage(ctx, img);
}

function writeRecording(
  ctx: JobContext,
  media: Media,
  rec: Recording,
  statusKey: Written['statusKey'],
): void {
  const dir = `sections/${rec.section}/recordings`;
  ctx.dirs.add(dir);
  const mtime = rec.uploadedAt;
  if (rec.hasAudio) addFile(ctx, `${dir}/${rec.id}.${rec.ext}`, 'audio', AUDIO[rec.ext].bytes, mtime);
  if (rec.hasMeta) {
    let text = json(recordingMeta(ctx, rec, dir, statusKey));
    if (rec.truncatedMeta) {
      // Cut inside stored_path, as a crash mid-write left it.
      const at = text.indexOf('"stored_path": "') + '"stored_path": "'.length + 20;
      text = text.slice(0, at);
    }
    addFile(ctx, `${dir}/${rec.id}.meta.json`, 'recording_meta', text, mtime + 1);
  }
  if (rec.transcript !== null)
    addFile(
      ctx,
      `${dir}/${rec.id}.transcript.txt`,
      'transcript_txt',
      rec.transcript + '\n',
      media.reviewTime[rec.round] ?? mtime,
    );
}

function recordingMeta(
  ctx: JobContext,
  rec: Recording,
  dir: string,
  statusKey: Written['statusKey'],
): Record<string, unknown> {
  const { r } = ctx;
  const audio = AUDIO[rec.ext];
  const durationMs = r.int(3000, 90000);
  const meta: Record<string, unknown> = {
    recording_id: rec.id,
    section_id: rec.section,
    content_type: audio.contentType,
    bytes: audio.bytes.length,
    stored_path: rec.storedPath ?? `${ctx.oldRoot}/${dir}/${rec.id}.${rec.ext}`,
    uploaded_at: iso(rec.uploadedAt),
    audio_probe:
      rec.failed && rec.hasAudio
        ? {
            duration_ms: null,
            codec_name: null,
            sample_rate: null,
            channels: null,
            duration: null,
            format_name: null,
            ffprobe_error: 'Invalid data found when processing input',
          }
        : {
            duration_ms: durationMs,
            codec_name: audio.codec,
            sample_rate: audio.rate,
            channels: r.chance(0.7) ? 1 : 2,
            duration: (durationMs / 1000).toFixed(6),
            format_name: audio.format,
            ffprobe_error: null,
          },
  };
  const recStatus = rec.failed
    ? 'failed'
    : rec.transcript !== null
      ? statusKey === 'upload_status'
        ? 'uploaded'
        : 'processed'
      : r.pick(['uploaded', 'uploaded', 'pending', 'uploading']);
  if (statusKey) meta[statusKey] = recStatus;
  return meta;
}

function writeImage(ctx: JobContext, img: Image): void {
  const dir = 'sections/job_photos/images';
  ctx.dirs.add(dir);
  const bytes = img.ext === 'png' ? PNG_BYTES : JPEG_BYTES;
  addFile(ctx, `${dir}/${img.id}.${img.ext}`, 'image', bytes, img.uploadedAt);
  addFile(ctx, `${dir}/${img.id}.report.jpg`, 'report_image', REPORT_JPEG_BYTES, img.uploadedAt + 2);
  const meta: Record<string, unknown> = {
    image_id: img.id,
    section_id: 'job_photos',
    content_type: img.ext === 'png' ? 'image/png' : 'image/jpeg',
    bytes: bytes.length,
    stored_path: img.storedPath ?? `${ctx.oldRoot}/${dir}/${img.id}.${img.ext}`,
    report_image_path: `${ctx.oldRoot}/${dir}/${img.id}.report.jpg`,
    report_bytes: REPORT_JPEG_BYTES.length,
    uploaded_at: iso(img.uploadedAt),
  };
  if (img.caption !== null) meta.caption = img.caption;
  if (img.gps) Object.assign(meta, img.gps);
  addFile(ctx, `${dir}/${img.id}.meta.json`, 'image_meta', json(meta), img.uploadedAt + 3);
}

/**
 * Small legacy job folders written at test time, so hostile files (truncated, binary, huge, FIFOs,
 * links) never live in the repository.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** A string or bytes are written as they are; anything else as JSON. */
export type FileContent = string | Uint8Array | object | number | boolean | null;
export type JobFiles = Record<string, FileContent>;

export async function makeStore(): Promise<{ root: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jobmig-hostile-'));
  const root = path.join(dir, 'jobs');
  await mkdir(root);
  return { root, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function writeJob(root: string, jobDir: string, files: JobFiles): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, jobDir, rel);
    await mkdir(path.dirname(file), { recursive: true });
    const bytes =
      typeof content === 'string' || content instanceof Uint8Array ? content : JSON.stringify(content);
    await writeFile(file, bytes);
  }
}

export const OLD_ROOT = '/srv/legacy-server/data/jobs';

/** The job_record.json of a plain, valid job. */
export function jobRecord(jobDir: string, jobNumber: string, extra: object = {}): Record<string, unknown> {
  return {
    job_id: jobDir,
    job_number: jobNumber,
    status: 'ARCHIVED',
    customer_name: `Customer of ${jobNumber}`,
    tree_number: 1,
    address: '1 Elm St',
    tree_species: 'Quercus robur',
    latest_round_id: 'round_1',
    latest_round_status: 'REVIEW_RETURNED',
    ...extra,
  };
}

export function finalSnapshot(
  jobDir: string,
  jobNumber: string,
  extra: object = {},
): Record<string, unknown> {
  return {
    job_id: jobDir,
    round_id: 'round_1',
    archived_at: '2024-05-02T10:00:00Z',
    transcript: '[trunk]\nSound trunk.',
    form: {
      schema_name: 'traq',
      schema_version: '2024.1',
      data: {
        client_tree_details: {
          client: `Customer of ${jobNumber}`,
          tree_number: 1,
          gps: { latitude: 45.5, longitude: -122.6 },
        },
      },
    },
    narrative: { text: 'Low risk.' },
    user_name: 'Dana Whitfield',
    report_images: [],
    ...extra,
  };
}

export function recordingMeta(jobDir: string, extra: object = {}): Record<string, unknown> {
  return {
    recording_id: 'rec_1',
    section_id: 'trunk',
    content_type: 'audio/wav',
    bytes: 13,
    stored_path: `${OLD_ROOT}/${jobDir}/sections/trunk/recordings/rec_1.wav`,
    uploaded_at: '2024-05-01T10:00:00Z',
    audio_probe: { duration_ms: 1500, codec_name: 'pcm_s16le' },
    status: 'processed',
    ...extra,
  };
}

export function imageMeta(jobDir: string, extra: object = {}): Record<string, unknown> {
  return {
    image_id: 'img_1',
    section_id: 'job_photos',
    content_type: 'image/jpeg',
    bytes: 8,
    stored_path: `${OLD_ROOT}/${jobDir}/sections/job_photos/images/img_1.jpg`,
    uploaded_at: '2024-05-01T10:05:00Z',
    caption: 'Trunk',
    latitude: 45.5,
    longitude: -122.6,
    ...extra,
  };
}

/** A complete, valid archived job: record, one round (manifest + review), one recording, one image, final. */
export function validJob(jobDir: string, jobNumber: string): JobFiles {
  return {
    'job_record.json': jobRecord(jobDir, jobNumber),
    'processed_artifacts.json': { trunk: ['rec_1'] },
    'rounds/round_1/manifest.json': [
      {
        artifact_id: 'rec_1',
        section_id: 'trunk',
        client_order: 0,
        kind: 'recording',
        issue_id: null,
        recorded_at: null,
      },
      {
        artifact_id: 'img_1',
        section_id: 'job_photos',
        client_order: 1,
        kind: 'image',
        issue_id: null,
        recorded_at: null,
      },
    ],
    'rounds/round_1/review.json': {
      round_id: 'round_1',
      server_revision_id: 'rev_1',
      transcript: '[trunk]\nSound trunk.',
      section_recordings: { trunk: ['rec_1'] },
      images: [{ image_id: 'img_1' }],
    },
    'sections/trunk/recordings/rec_1.wav': 'RIFF-fake-wav',
    'sections/trunk/recordings/rec_1.meta.json': recordingMeta(jobDir),
    'sections/trunk/recordings/rec_1.transcript.txt': 'Sound trunk.',
    'sections/job_photos/images/img_1.jpg': 'fake-jpg',
    'sections/job_photos/images/img_1.meta.json': imageMeta(jobDir),
    'final.json': finalSnapshot(jobDir, jobNumber),
  };
}

/**
 * Where each legacy file lives and what it is (../shared/LEGACY_LAYOUT.md), as pure path rules.
 * Paths here are relative to the job folder, POSIX separators.
 */

export type ArtifactKind =
  | 'audio'
  | 'transcript_txt'
  | 'image'
  | 'report_image'
  | 'review_json'
  | 'manifest_json'
  | 'final_json'
  | 'final_pdf'
  | 'report_pdf'
  | 'report_docx'
  | 'geojson'
  | 'other';

export type MetadataKind = 'job_record' | 'processed_artifacts' | 'recording_meta' | 'image_meta';

export type SnapshotKind = 'final' | 'correction';

export const JOB_PHOTOS_SECTION = 'job_photos';

/** What one file in a job folder is. Metadata files become table rows; everything else an artifact row. */
export type JobFileRole =
  | { role: 'metadata'; kind: MetadataKind; sectionId?: string; mediaId?: string }
  | {
      role: 'artifact';
      kind: ArtifactKind;
      roundId?: string;
      sectionId?: string;
      mediaId?: string;
      snapshot?: SnapshotKind;
    };

const FINAL_OUTPUTS: Record<string, { kind: ArtifactKind; snapshot: SnapshotKind }> = {
  'final.json': { kind: 'final_json', snapshot: 'final' },
  'final_correction.json': { kind: 'final_json', snapshot: 'correction' },
  'final.geojson': { kind: 'geojson', snapshot: 'final' },
  'final_correction.geojson': { kind: 'geojson', snapshot: 'correction' },
  'final_traq_page1.pdf': { kind: 'final_pdf', snapshot: 'final' },
  'traq_page1.pdf': { kind: 'final_pdf', snapshot: 'final' },
  'final_traq_page1_correction.pdf': { kind: 'final_pdf', snapshot: 'correction' },
  'final_report_letter.pdf': { kind: 'report_pdf', snapshot: 'final' },
  'final_report_letter_correction.pdf': { kind: 'report_pdf', snapshot: 'correction' },
  'final_report_letter.docx': { kind: 'report_docx', snapshot: 'final' },
  'final_report_letter_correction.docx': { kind: 'report_docx', snapshot: 'correction' },
};

/** Classify a file by its path inside the job folder. */
export function classifyJobFile(relPath: string): JobFileRole {
  const parts = relPath.split('/');
  if (parts.length === 1) {
    const name = parts[0]!;
    if (name === 'job_record.json') return { role: 'metadata', kind: 'job_record' };
    if (name === 'processed_artifacts.json') return { role: 'metadata', kind: 'processed_artifacts' };
    const output = FINAL_OUTPUTS[name];
    if (output) return { role: 'artifact', ...output };
    return { role: 'artifact', kind: 'other' };
  }
  if (parts.length === 3 && parts[0] === 'rounds') {
    const roundId = parts[1]!;
    if (parts[2] === 'manifest.json') return { role: 'artifact', kind: 'manifest_json', roundId };
    if (parts[2] === 'review.json') return { role: 'artifact', kind: 'review_json', roundId };
  }
  if (parts.length === 4 && parts[0] === 'sections') {
    const sectionId = parts[1]!;
    const name = parts[3]!;
    if (parts[2] === 'images' && sectionId === JOB_PHOTOS_SECTION) return classifyImageFile(name, sectionId);
    if (parts[2] === 'recordings') return classifyRecordingFile(name, sectionId);
  }
  return { role: 'artifact', kind: 'other' };
}

/**
 * Why a directory at this path breaks the layout, or null: the layout names a file here
 * (job_record.json, a manifest, a media file...). What is inside it is still listed, as other files.
 */
export function directoryConflict(relPath: string): string | null {
  const role = classifyJobFile(relPath);
  if (role.role === 'artifact' && role.kind === 'other') return null;
  return `a directory where the layout expects a file (${role.kind}): not read as one`;
}

/**
 * Why a file at this path breaks the layout, or null: rounds/, sections/ and the folders under them are
 * directories.
 */
export function fileConflict(relPath: string): string | null {
  const parts = relPath.split('/');
  const reserved =
    ((parts[0] === 'rounds' || parts[0] === 'sections') && parts.length <= 2) ||
    (parts.length === 3 && parts[0] === 'sections' && (parts[2] === 'recordings' || parts[2] === 'images'));
  return reserved ? 'a file where the layout expects a directory: kept as an artifact of kind other' : null;
}

function classifyImageFile(name: string, sectionId: string): JobFileRole {
  if (name.endsWith('.meta.json')) {
    return { role: 'metadata', kind: 'image_meta', sectionId, mediaId: name.slice(0, -'.meta.json'.length) };
  }
  const report = /^(.+)\.report\.[^.]+$/.exec(name);
  if (report) return { role: 'artifact', kind: 'report_image', sectionId, mediaId: report[1]! };
  const mediaId = stripExtension(name);
  if (mediaId === null) return { role: 'artifact', kind: 'other' };
  return { role: 'artifact', kind: 'image', sectionId, mediaId };
}

function classifyRecordingFile(name: string, sectionId: string): JobFileRole {
  if (name.endsWith('.meta.json')) {
    return {
      role: 'metadata',
      kind: 'recording_meta',
      sectionId,
      mediaId: name.slice(0, -'.meta.json'.length),
    };
  }
  if (name.endsWith('.transcript.txt')) {
    return {
      role: 'artifact',
      kind: 'transcript_txt',
      sectionId,
      mediaId: name.slice(0, -'.transcript.txt'.length),
    };
  }
  const mediaId = stripExtension(name);
  if (mediaId === null) return { role: 'artifact', kind: 'other' };
  return { role: 'artifact', kind: 'audio', sectionId, mediaId };
}

function stripExtension(name: string): string | null {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : null;
}

/** Job folders are every directory at the top of the jobs root; files there (the counter) are not jobs. */
export const NON_JOB_ENTRIES = new Set(['_job_number_counter.txt']);

/**
 * Rebase an absolute path written by the old server onto this job folder.
 * The old root is unknown and differs per store, so we anchor on the "/<job folder>/" segment:
 * whatever follows it is the path inside the job. Returns null when the path does not fall inside
 * its own job folder (another job, `..`, or no anchor at all): that is a finding, never a file to open.
 */
export function rebaseStoredPath(storedPath: string, jobDir: string): string | null {
  const normalized = storedPath.replace(/\\/g, '/');
  const anchor = `/${jobDir}/`;
  const at = normalized.lastIndexOf(anchor);
  let inside: string;
  // A job-like folder above the anchor means the path belongs to that other job.
  if (at >= 0 && /(^|\/)job_[^/]*\//.test(normalized.slice(0, at + 1))) return null;
  if (at >= 0) inside = normalized.slice(at + anchor.length);
  else if (normalized.startsWith(`${jobDir}/`)) inside = normalized.slice(jobDir.length + 1);
  else if (!normalized.startsWith('/') && !/^[A-Za-z]:/.test(normalized)) inside = normalized;
  else return null;
  const segments = inside.split('/');
  if (segments.some((s) => s === '..' || s === '.' || s === '') || inside.includes('\0')) return null;
  return inside;
}

const ROUND_ORDER = new Intl.Collator('en', { numeric: true });

/**
 * Natural order for round ids, so round_2 sorts before round_15. (A shared collator: localeCompare builds one
 * per call.)
 */
export function compareRoundIds(a: string, b: string): number {
  return ROUND_ORDER.compare(a, b);
}

/**
 * The review app's only file access: an artifact row of a job, checked to lie in that job's folder and
 * read through JobsRoot (inside the jobs root, no links, regular files only, size-capped). The type a
 * browser is told comes from the bytes: images it can show, JSON and text as plain text, else a download.
 */
import { assertInJob, type JobsRoot } from '../files/jobs-root.ts';

/** Files over this are not served (report images and snapshots are far smaller). */
export const MAX_SERVED_BYTES = 32 * 1024 * 1024;
/** JSON over this is linked, not shown pretty in the page. */
export const MAX_SHOWN_JSON_BYTES = 512 * 1024;

export interface ServedFile {
  bytes: Buffer;
  contentType: string;
  /** Shown in the page (an image or text), or only downloaded. */
  inline: boolean;
}

const MAGIC: [string, number[]][] = [
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['image/jpeg', [0xff, 0xd8, 0xff]],
  ['image/gif', [0x47, 0x49, 0x46, 0x38]],
];

/** The content type the bytes show themselves to be; never taken from a file name or the request. */
export function sniffType(bytes: Buffer, path: string): Pick<ServedFile, 'contentType' | 'inline'> {
  for (const [type, magic] of MAGIC)
    if (magic.every((b, i) => bytes[i] === b)) return { contentType: type, inline: true };
  if (/\.(json|geojson|txt)$/i.test(path) && isUtf8(bytes))
    return { contentType: 'text/plain; charset=utf-8', inline: true };
  return { contentType: 'application/octet-stream', inline: false };
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The bytes of a job's artifact row, or null when the file is gone (or there is no jobs root). */
export async function readArtifact(
  root: JobsRoot | null,
  jobId: string,
  path: string,
  maxBytes = MAX_SERVED_BYTES,
): Promise<ServedFile | null> {
  if (!root) return null;
  assertInJob(jobId, path);
  const bytes = await root.read(path, maxBytes);
  return bytes ? { bytes, ...sniffType(bytes, path) } : null;
}

/** A JSON artifact parsed for display, or a reason it is not shown. */
export async function readJsonArtifact(
  root: JobsRoot | null,
  jobId: string,
  path: string,
): Promise<{ value: unknown } | { reason: string }> {
  if (!root) return { reason: 'the jobs root is not available' };
  try {
    const file = await readArtifact(root, jobId, path, MAX_SHOWN_JSON_BYTES);
    if (!file) return { reason: 'not on disk any more' };
    return { value: JSON.parse(file.bytes.toString('utf8').replace(/^\uFEFF/, '')) };
  } catch (err) {
    return { reason: err instanceof SyntaxError ? 'not valid JSON' : (err as Error).message };
  }
}

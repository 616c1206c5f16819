import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { sha256Hex } from '../util/hash.ts';
import { Redactor } from '../util/token-redact.ts';
import type { FileIssue } from './issues.ts';
import { classifyJobFile, fileConflict, type JobFileRole, type SnapshotKind } from './layout.ts';
import { MAX_JSON_BYTES, parseLegacyJson, type FileKind, type ParsedFile } from './parse-file.ts';
import type { LegacyFileTypes } from './schemas.ts';
import type { ScannedFile, ScannedJob } from './scan.ts';

export type ClassifiedFile = ScannedFile & { role: JobFileRole };

/** A JSON file as read: its parse result, its bytes, and their sha256 (what "unchanged on disk" means). */
export interface ReadJson<K extends FileKind> {
  rel: string;
  parsed: ParsedFile<LegacyFileTypes[K]>;
  sha256: string;
  /** The file exactly as read: snapshots keep these (job_finals.snapshot_bytes). */
  bytes: Uint8Array;
}

/** One job folder, every metadata file parsed. Nothing here is interpreted yet: that is the planner's job. */
export interface ReadJob {
  jobDir: string;
  fingerprint: string;
  files: ClassifiedFile[];
  roundDirs: string[];
  record: ReadJson<'job_record'> | null;
  processed: ReadJson<'processed_artifacts'> | null;
  manifests: Map<string, ReadJson<'manifest'>>;
  reviews: Map<string, ReadJson<'review'>>;
  /** Keyed "<section_id>/<recording_id>". */
  recordingMetas: Map<string, ReadJson<'recording_meta'>>;
  imageMetas: Map<string, ReadJson<'image_meta'>>;
  snapshots: Partial<Record<SnapshotKind, ReadJson<'final'>>>;
  geojson: Partial<Record<SnapshotKind, ReadJson<'geojson'>>>;
  issues: FileIssue[];
}

/**
 * Read and validate every JSON file of a scanned job folder, each value and key redacted of known
 * tokens as it is decoded. Never throws for bad files: they become issues.
 */
export async function readJob(
  jobsRoot: string,
  scanned: ScannedJob,
  redactor: Redactor = Redactor.none,
): Promise<ReadJob> {
  const job: ReadJob = {
    jobDir: scanned.jobDir,
    fingerprint: scanned.fingerprint,
    files: scanned.files.map((f) => ({ ...f, role: classifyJobFile(f.rel) })),
    roundDirs: scanned.roundDirs,
    record: null,
    processed: null,
    manifests: new Map(),
    reviews: new Map(),
    recordingMetas: new Map(),
    imageMetas: new Map(),
    snapshots: {},
    geojson: {},
    issues: [...scanned.issues],
  };
  const reads: Promise<void>[] = [];
  const read = <K extends FileKind>(file: ClassifiedFile, kind: K, store: (r: ReadJson<K>) => void) => {
    reads.push(
      readJsonFile(jobsRoot, job.jobDir, file, kind, redactor).then((r) => {
        if (r.kind === 'read') store(r.json);
        else job.issues.push(r.issue);
      }),
    );
  };
  for (const file of job.files) {
    const role = file.role;
    if (role.role === 'artifact' && role.kind === 'other') {
      const conflict = fileConflict(file.rel);
      if (conflict) job.issues.push({ path: `${job.jobDir}/${file.rel}`, pointer: '', message: conflict });
    } else if (role.role === 'metadata') {
      if (role.kind === 'job_record') read(file, 'job_record', (r) => (job.record = r));
      else if (role.kind === 'processed_artifacts')
        read(file, 'processed_artifacts', (r) => (job.processed = r));
      else if (role.kind === 'recording_meta')
        read(file, 'recording_meta', (r) => job.recordingMetas.set(`${role.sectionId}/${role.mediaId}`, r));
      else read(file, 'image_meta', (r) => job.imageMetas.set(role.mediaId!, r));
    } else if (role.kind === 'manifest_json')
      read(file, 'manifest', (r) => job.manifests.set(role.roundId!, r));
    else if (role.kind === 'review_json') read(file, 'review', (r) => job.reviews.set(role.roundId!, r));
    else if (role.kind === 'final_json') read(file, 'final', (r) => (job.snapshots[role.snapshot!] = r));
    else if (role.kind === 'geojson') read(file, 'geojson', (r) => (job.geojson[role.snapshot!] = r));
  }
  await Promise.all(reads);
  return job;
}

type ReadOutcome<K extends FileKind> =
  | { kind: 'read'; json: ReadJson<K> }
  | { kind: 'failed'; issue: FileIssue };

async function readJsonFile<K extends FileKind>(
  jobsRoot: string,
  jobDir: string,
  file: ClassifiedFile,
  kind: K,
  redactor: Redactor,
): Promise<ReadOutcome<K>> {
  const rel = `${jobDir}/${file.rel}`;
  if (file.size > MAX_JSON_BYTES) {
    return {
      kind: 'failed',
      issue: {
        path: rel,
        pointer: '',
        message:
          `file is ${file.size} bytes,` + ` over the ${MAX_JSON_BYTES}-byte cap for JSON metadata: not read`,
      },
    };
  }
  let bytes: Uint8Array;
  try {
    bytes = readCapped(path.join(jobsRoot, jobDir, file.rel));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? 'file vanished between scan and read'
        : `could not read file: ${code ?? String(err)}`;
    return { kind: 'failed', issue: { path: rel, pointer: '', message } };
  }
  const json = { rel, parsed: parseLegacyJson(kind, bytes, rel, redactor), sha256: sha256Hex(bytes), bytes };
  return { kind: 'read', json };
}

/**
 * Read at most MAX_JSON_BYTES + 1 bytes, refusing to follow a link planted after the scan
 * (O_NOFOLLOW) or to block on a FIFO (O_NONBLOCK): the scan saw a regular file, so anything else is
 * refused. Synchronous on purpose: metadata files are small, and four thread-pool round trips per
 * file (open, stat, read, close) cost more than the reads themselves.
 */
export function readCapped(file: string): Uint8Array {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'ENOTREGULAR' });
    const buffer = Buffer.allocUnsafe(Math.min(stat.size, MAX_JSON_BYTES + 1));
    let filled = 0;
    while (filled < buffer.length) {
      const bytesRead = readSync(fd, buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    closeSync(fd);
  }
}

/**
 * The legacy storage root (LEGACY_LAYOUT.md "The rest of the storage root"): whether a folder given
 * to `jobmig import` is one (it holds `jobs/`) or a jobs folder itself, and the listing of its
 * security/ and profiles/ files. `logs/` and top-level files (README.md, ...) are not data.
 */
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { FileIssue } from '../issues.ts';
import { SECURITY_FILES, type SecurityFileName } from './schemas.ts';

export type RootKind = 'storage_root' | 'jobs_root';

export interface DetectedRoot {
  kind: RootKind;
  /** The folder given, when it is a storage root. */
  storageRoot: string | null;
  jobsRoot: string;
}

/** Entries of a job folder: a `jobs/` folder holding one of these is a job folder, not the jobs root. */
const JOB_FOLDER_ENTRIES = ['job_record.json', 'final.json', 'rounds', 'sections'];

/** A folder holding a `jobs/` folder (that is not itself a job folder) is a storage root. */
export async function detectRoot(dir: string): Promise<DetectedRoot> {
  const jobs = path.join(dir, 'jobs');
  const info = await lstat(jobs).catch(() => null);
  if (!info?.isDirectory()) return { kind: 'jobs_root', storageRoot: null, jobsRoot: dir };
  const inside = new Set(await readdir(jobs).catch(() => [] as string[]));
  if (JOB_FOLDER_ENTRIES.some((e) => inside.has(e)))
    return { kind: 'jobs_root', storageRoot: null, jobsRoot: dir };
  return { kind: 'storage_root', storageRoot: dir, jobsRoot: jobs };
}

export interface StorageFile {
  /** Relative to the storage root, POSIX separators. */
  rel: string;
  size: number;
  mtimeMs: number;
}

/** A security file as found: a regular file, absent (an empty list), or there but not readable as one. */
export type SecurityFileState =
  | { state: 'file'; file: StorageFile }
  | { state: 'missing' }
  | { state: 'refused' };

export interface StorageListing {
  security: Record<SecurityFileName, SecurityFileState>;
  /** Files named `<64 hex>.json` under profiles/, sorted. */
  profiles: StorageFile[];
  issues: FileIssue[];
}

export const PROFILE_NAME = /^([0-9a-f]{64})\.json$/;

export async function listStorageRoot(storageRoot: string): Promise<StorageListing> {
  const issues: FileIssue[] = [];
  const security = {} as Record<SecurityFileName, SecurityFileState>;
  for (const [name, spec] of Object.entries(SECURITY_FILES) as [SecurityFileName, { path: string }][]) {
    security[name] = await securityFile(storageRoot, spec.path, issues);
  }
  return { security, profiles: await listProfiles(storageRoot, issues), issues };
}

async function securityFile(root: string, rel: string, issues: FileIssue[]): Promise<SecurityFileState> {
  const info = await lstat(path.join(root, rel)).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT' && err.code !== 'ENOTDIR') throw err;
    return null;
  });
  if (!info) return { state: 'missing' };
  if (!info.isFile()) {
    const what = info.isSymbolicLink() ? 'a symbolic link (not followed)' : 'not a regular file';
    issues.push({ path: rel, pointer: '', message: `${what}; file not used, what it gave before is kept` });
    return { state: 'refused' };
  }
  return { state: 'file', file: { rel, size: info.size, mtimeMs: info.mtimeMs } };
}

async function listProfiles(root: string, issues: FileIssue[]): Promise<StorageFile[]> {
  const entries = await readdir(path.join(root, 'profiles'), { withFileTypes: true }).catch(() => null);
  const profiles: StorageFile[] = [];
  for (const e of entries ?? []) {
    const rel = `profiles/${e.name}`;
    if (!e.isFile() || !PROFILE_NAME.test(e.name)) {
      const why = e.isSymbolicLink() ? 'symbolic link: not followed' : 'not a profile (<sha256 hex>.json)';
      issues.push({ path: rel, pointer: '', message: `${why}; ignored` });
      continue;
    }
    const info = await lstat(path.join(root, rel)).catch(() => null);
    if (info?.isFile()) profiles.push({ rel, size: info.size, mtimeMs: info.mtimeMs });
  }
  return profiles.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

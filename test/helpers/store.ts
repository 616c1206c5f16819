import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const FIXTURES = new URL('../../fixtures/jobs', import.meta.url).pathname;
/** The whole fixture storage root: jobs/, security/, profiles/, logs/ and its README. */
export const STORAGE_ROOT = new URL('../../fixtures', import.meta.url).pathname;

/** A private, writable copy of the fixture store; removed by the returned cleanup. */
export async function copyFixtures(): Promise<{ root: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jobmig-store-'));
  const root = path.join(dir, 'jobs');
  await cp(FIXTURES, root, { recursive: true, preserveTimestamps: true });
  return { root, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A private, writable copy of the whole fixture storage root (`root/jobs`, `root/security`, ...). */
export async function copyStorageRoot(): Promise<{ root: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jobmig-root-'));
  const root = path.join(dir, 'root');
  await cp(STORAGE_ROOT, root, { recursive: true, preserveTimestamps: true });
  return { root, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** The second hand-made store: archived jobs as the legacy server writes them (fixtures/README.md). */
export const ARCHIVED = new URL('../../fixtures/archived', import.meta.url).pathname;

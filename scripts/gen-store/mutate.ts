/**
 * Mutation for rerun benchmarks and tests: change a deterministic share of the job folders, each by
 * one recording meta with a later `uploaded_at` and mtime, so exactly those fingerprints change.
 */
import { readdir, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { Rng, seedFrom } from './rng.ts';
import { byCodePoint, iso } from './util.ts';
import { DAY } from './world.ts';

/**
 * Change about `fraction` of the job folders under `root`, deterministically for a given store and seed:
 * one recording meta.json per chosen folder is rewritten with a later `uploaded_at` and a later mtime
 * (same size). Only those folders' fingerprints change. Returns the changed folder names, sorted.
 */
export async function mutateJobs(root: string, fraction: number, seed: number): Promise<string[]> {
  if (!(fraction >= 0 && fraction <= 1)) throw new Error(`fraction must be within [0, 1], got ${fraction}`);
  if (!Number.isSafeInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  const entries = await readdir(root, { withFileTypes: true });
  const folders = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort(byCodePoint);
  const want =
    fraction === 0 ? 0 : Math.min(folders.length, Math.max(1, Math.round(fraction * folders.length)));
  const rng = new Rng(seedFrom(seed, 'mutate'));
  const order = folders.slice();
  for (let i = 0; i < want; i++) {
    const j = i + rng.int(0, order.length - 1 - i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const chosen = order.slice(0, want).sort(byCodePoint);
  const limit = pLimit(16);
  await Promise.all(
    chosen.map((folder) => limit(() => mutateOne(path.join(root, folder), rng.fork(folder)))),
  );
  return chosen;
}

async function mutateOne(jobRoot: string, r: Rng): Promise<void> {
  const metas = await recordingMetas(jobRoot);
  const shift = DAY + r.int(0, 3600);
  for (const file of metas) if (await shiftMeta(file, shift)) return;
  // No readable recording meta: bump the mtime of the job's first file so its fingerprint still changes.
  const fallback = ['job_record.json', 'final.json'].map((f) => path.join(jobRoot, f));
  for (const file of fallback) {
    const before = await stat(file).catch(() => null);
    if (!before) continue;
    const mtime = Math.floor(before.mtimeMs / 1000) + shift;
    await utimes(file, mtime, mtime);
    return;
  }
  throw new Error(`mutateJobs: nothing to change in ${jobRoot}`);
}

/** The job's recording .meta.json files, in code-point order of section, then name. */
async function recordingMetas(jobRoot: string): Promise<string[]> {
  const metas: string[] = [];
  const sections = await readdir(path.join(jobRoot, 'sections')).catch(() => [] as string[]);
  for (const section of sections.sort(byCodePoint)) {
    const dir = path.join(jobRoot, 'sections', section, 'recordings');
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names.sort(byCodePoint))
      if (name.endsWith('.meta.json')) metas.push(path.join(dir, name));
  }
  return metas;
}

/** Moves one meta's `uploaded_at` and mtime `shift` seconds later; false when it is not a JSON object. */
async function shiftMeta(file: string, shift: number): Promise<boolean> {
  const text = await readFile(file, 'utf8');
  let meta: unknown;
  try {
    meta = JSON.parse(text);
  } catch {
    return false;
  }
  if (!meta || typeof meta !== 'object' || Array.isArray(meta)) return false;
  const record = meta as Record<string, unknown>;
  const old = typeof record.uploaded_at === 'string' ? Date.parse(record.uploaded_at) : NaN;
  const before = await stat(file);
  const base = Number.isFinite(old) ? old / 1000 : Math.floor(before.mtimeMs / 1000);
  record.uploaded_at = iso(Math.floor(base) + shift);
  await writeFile(file, JSON.stringify(record, null, 2) + '\n');
  const mtime = Math.floor(before.mtimeMs / 1000) + shift;
  await utimes(file, mtime, mtime);
  return true;
}

/**
 * A deterministic generator of legacy job stores (../shared/LEGACY_LAYOUT.md), for tests and benchmarks.
 *
 * Same `jobs` + `seed` -> byte-identical files with identical mtimes, so two generated stores have equal
 * folder fingerprints. Nothing here reads the clock or Math.random: every value, timestamps included,
 * comes from a mulberry32 stream seeded from (seed, job index).
 *
 * Every irregularity the layout document describes is planted in a small, exact share of the jobs
 * (IRREGULARITY_RATE each, at least one per kind when the store has room), and counted in the stats.
 *
 * Modules: world.ts (identities and job skeletons), job*.ts (one job's files by kind), write.ts and
 * worker.ts (writing, threads), stats.ts, mutate.ts (reruns), rng.ts, vocabulary.ts, transcripts.ts.
 */
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { finishStats, mergeAccumulator, count, newAccumulator } from './stats.ts';
import type { GeneratedStoreStats, GenerateStoreOptions } from './types.ts';
import { buildWorld } from './world.ts';
import {
  DEFAULT_THREADS,
  JOBS_PER_THREAD,
  MAX_THREADS,
  runWorker,
  writeJobs,
  writePlannedSync,
} from './write.ts';

export { mutateJobs } from './mutate.ts';
export { mulberry32 } from './rng.ts';
export * from './types.ts';
export { RECORDING_SECTIONS } from './vocabulary.ts';

export async function generateStore(opts: GenerateStoreOptions): Promise<GeneratedStoreStats> {
  const { jobs, seed, out } = opts;
  const threads = opts.concurrency ?? DEFAULT_THREADS;
  if (!Number.isSafeInteger(jobs) || jobs < 0)
    throw new Error(`jobs must be a non-negative integer, got ${jobs}`);
  if (!Number.isSafeInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  if (!Number.isSafeInteger(threads) || threads < 1)
    throw new Error(`concurrency must be a positive integer, got ${threads}`);
  await prepareOut(out);

  const world = buildWorld(jobs, seed);
  const acc = newAccumulator(seed);
  const counter = {
    rel: '_job_number_counter.txt',
    kind: 'job_number_counter' as const,
    data: `${world.lastJobNumber}\n`,
    mtime: world.counterMtime,
  };
  writePlannedSync(path.join(out, counter.rel), counter);
  count(acc, counter);

  // Small stores are written in-process; larger ones by worker threads, each taking every n-th job.
  // An explicit `concurrency` is honoured as given (tests use it to cover the worker path on small stores).
  const workers =
    opts.concurrency === undefined
      ? Math.min(DEFAULT_THREADS, Math.ceil(jobs / JOBS_PER_THREAD))
      : Math.min(threads, MAX_THREADS, jobs);
  if (workers <= 1) {
    mergeAccumulator(acc, writeJobs(world, out, 0, 1));
  } else {
    const parts = await Promise.all(
      Array.from({ length: workers }, (_, part) => runWorker({ jobs, seed, out, part, parts: workers })),
    );
    for (const p of parts) mergeAccumulator(acc, p);
  }
  return finishStats(acc, world);
}

async function prepareOut(out: string): Promise<void> {
  const existing = await readdir(out).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (existing && existing.length > 0)
    throw new Error(`refusing to generate into a non-empty directory: ${out}`);
  await mkdir(out, { recursive: true });
}

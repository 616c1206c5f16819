/**
 * Writing: each job's directories and files (content and mtime), in-process or split across worker
 * threads that each take every n-th job.
 *
 * Files are written with synchronous calls: for thousands of tiny files a thread-pool round trip per
 * call costs far more than the call itself (measured: ~7x slower with a promise pool of 64 on 2 cores).
 * Parallelism comes from worker threads instead, each writing its share of the job folders.
 */
import { closeSync, futimesSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PlannedFile } from './job-context.ts';
import { buildJob } from './job.ts';
import {
  addJobStats,
  count,
  newAccumulator,
  type SerializedAccumulator,
  serializeAccumulator,
} from './stats.ts';
import type { World } from './world.ts';
import { siblingModule, workerSource } from '../../src/util/worker-source.ts';

export const MAX_THREADS = 16;
export const DEFAULT_THREADS = Math.min(8, availableParallelism());
/** Below this many jobs per thread, starting a worker costs more than it saves. */
export const JOBS_PER_THREAD = 400;

/** What a writer thread is told: it rebuilds the world from (jobs, seed) and writes its share. */
export interface WorkerInput {
  jobs: number;
  seed: number;
  out: string;
  part: number;
  parts: number;
}

export function writePlannedSync(abs: string, f: PlannedFile): void {
  const fd = openSync(abs, 'w');
  try {
    writeFileSync(fd, f.data);
    futimesSync(fd, f.mtime, f.mtime);
  } finally {
    closeSync(fd);
  }
}

/** Build and write jobs part, part + parts, part + 2 * parts, ...; returns what was written. */
export function writeJobs(world: World, out: string, part: number, parts: number): SerializedAccumulator {
  const acc = newAccumulator(world.seed);
  for (let index = part; index < world.jobs.length; index += parts) {
    const job = buildJob(world, index);
    const root = path.join(out, job.folder);
    for (const dir of job.dirs) mkdirSync(path.join(root, dir), { recursive: true });
    for (const f of job.files) {
      writePlannedSync(path.join(root, f.rel), f);
      count(acc, f);
    }
    addJobStats(acc, job);
  }
  return serializeAccumulator(acc);
}

export function runWorker(input: WorkerInput): Promise<SerializedAccumulator> {
  return new Promise((resolve, reject) => {
    // The sibling worker module, .ts through tsx (which Node 20 does not apply to worker threads by
    // itself) or, from a compiled copy (npm run test:unit), the .js beside this file.
    const code = workerSource(siblingModule('worker', import.meta.url));
    // V8 lets an idle old generation grow to GBs; each job's garbage is tiny, so a small heap suffices.
    const worker = new Worker(code, {
      eval: true,
      workerData: input,
      resourceLimits: { maxOldGenerationSizeMb: 256 },
    });
    let result: SerializedAccumulator | null = null;
    worker.once('message', (m: SerializedAccumulator) => (result = m));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`generate-store worker ${input.part} exited with code ${code} before reporting`));
    });
  });
}

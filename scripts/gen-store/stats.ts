/**
 * Stats: what was written (files per kind, bytes, identities used, transcript sizes), accumulated per
 * writer, merged across worker threads, and finished with the irregularities planted.
 */
import type { BuiltJob, PlannedFile } from './job-context.ts';
import {
  type BrokenFileShape,
  FILE_KINDS,
  type GeneratedFileKind,
  type GeneratedStoreStats,
  IRREGULARITY_KINDS,
  type IrregularityKind,
} from './types.ts';
import { byCodePoint } from './util.ts';
import type { World } from './world.ts';

export interface Accumulator {
  seed: number;
  jobFolders: number;
  finals: number;
  corrections: number;
  rounds: number;
  recordings: number;
  images: number;
  customers: Set<number>;
  trees: Set<string>;
  assessors: Set<number>;
  billing: Set<number>;
  byKind: Record<GeneratedFileKind, number>;
  files: number;
  bytes: number;
  transcript: { min: number; max: number; sum: number; n: number };
}

export function newAccumulator(seed: number): Accumulator {
  return {
    seed,
    jobFolders: 0,
    finals: 0,
    corrections: 0,
    rounds: 0,
    recordings: 0,
    images: 0,
    customers: new Set(),
    trees: new Set(),
    assessors: new Set(),
    billing: new Set(),
    byKind: Object.fromEntries(FILE_KINDS.map((k) => [k, 0])) as Record<GeneratedFileKind, number>,
    files: 0,
    bytes: 0,
    transcript: { min: Infinity, max: 0, sum: 0, n: 0 },
  };
}

/** An Accumulator as it crosses a thread boundary (sets as arrays). */
export type SerializedAccumulator = Omit<Accumulator, 'customers' | 'trees' | 'assessors' | 'billing'> & {
  customers: number[];
  trees: string[];
  assessors: number[];
  billing: number[];
};

export function serializeAccumulator(acc: Accumulator): SerializedAccumulator {
  return {
    ...acc,
    customers: [...acc.customers],
    trees: [...acc.trees],
    assessors: [...acc.assessors],
    billing: [...acc.billing],
  };
}

export function mergeAccumulator(acc: Accumulator, part: SerializedAccumulator): void {
  acc.jobFolders += part.jobFolders;
  acc.finals += part.finals;
  acc.corrections += part.corrections;
  acc.rounds += part.rounds;
  acc.recordings += part.recordings;
  acc.images += part.images;
  for (const x of part.customers) acc.customers.add(x);
  for (const x of part.trees) acc.trees.add(x);
  for (const x of part.assessors) acc.assessors.add(x);
  for (const x of part.billing) acc.billing.add(x);
  for (const k of FILE_KINDS) acc.byKind[k] += part.byKind[k];
  acc.files += part.files;
  acc.bytes += part.bytes;
  const t = acc.transcript;
  t.min = Math.min(t.min, part.transcript.min);
  t.max = Math.max(t.max, part.transcript.max);
  t.sum += part.transcript.sum;
  t.n += part.transcript.n;
}

export function count(acc: Accumulator, f: PlannedFile): void {
  acc.byKind[f.kind]++;
  acc.files++;
  acc.bytes += typeof f.data === 'string' ? Buffer.byteLength(f.data) : f.data.length;
}

export function addJobStats(acc: Accumulator, job: BuiltJob): void {
  acc.jobFolders++;
  acc.rounds += job.rounds;
  acc.recordings += job.recordings;
  acc.images += job.images;
  if (job.final) acc.finals++;
  if (job.correction) acc.corrections++;
  acc.customers.add(job.customer);
  acc.trees.add(`${job.customer}/${job.tree}`);
  if (job.assessor !== null) acc.assessors.add(job.assessor);
  if (job.billing !== null) acc.billing.add(job.billing);
  if (job.finalTranscriptBytes !== null) {
    const t = acc.transcript;
    t.min = Math.min(t.min, job.finalTranscriptBytes);
    t.max = Math.max(t.max, job.finalTranscriptBytes);
    t.sum += job.finalTranscriptBytes;
    t.n++;
  }
}

export function finishStats(acc: Accumulator, world: World): GeneratedStoreStats {
  const irregularJobs = Object.fromEntries(IRREGULARITY_KINDS.map((k) => [k, [] as string[]])) as Record<
    IrregularityKind,
    string[]
  >;
  const brokenFiles: Record<BrokenFileShape, number> = {
    truncated_meta: 0,
    empty_review: 0,
    wrong_type_record: 0,
  };
  for (const job of world.jobs) {
    for (const kind of job.irregular) irregularJobs[kind].push(job.folder);
    if (job.brokenShape) brokenFiles[job.brokenShape]++;
  }
  for (const list of Object.values(irregularJobs)) list.sort(byCodePoint);
  const t = acc.transcript;
  return {
    seed: acc.seed,
    jobFolders: acc.jobFolders,
    finals: acc.finals,
    corrections: acc.corrections,
    rounds: acc.rounds,
    recordings: acc.recordings,
    images: acc.images,
    customers: acc.customers.size,
    trees: acc.trees.size,
    assessors: acc.assessors.size,
    billingProfiles: acc.billing.size,
    files: { total: acc.files, byKind: acc.byKind },
    irregularities: Object.fromEntries(IRREGULARITY_KINDS.map((k) => [k, irregularJobs[k].length])) as Record<
      IrregularityKind,
      number
    >,
    brokenFiles,
    irregularJobs,
    finalTranscriptBytes: t.n
      ? { min: t.min, mean: Math.round(t.sum / t.n), max: t.max }
      : { min: 0, mean: 0, max: 0 },
    bytes: acc.bytes,
  };
}

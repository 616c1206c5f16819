/**
 * The read loop shared by a run and a dry run: take the folders read ahead (read-ahead.ts) in folder
 * order, count them, gather the planned ones into batches and hand each batch to the caller's
 * loader; a folder that could not be read goes to the caller as an issue. Loading overlaps reading:
 * while one batch is in the database the next is read, with at most one batch in flight.
 */
import type { IssueRow } from '../model/rows.ts';
import type { EncodedPlan } from '../staging/encode.ts';
import { JOB_FOLDERS_READ_AT_ONCE, JOBS_PER_BATCH } from '../util/read-defaults.ts';
import type { Redactor } from '../util/token-redact.ts';
import { defaultThreads, readAhead } from './read-ahead.ts';
import type { ReadOutcome } from './read-and-plan.ts';
import type { FolderCounts } from './run-record.ts';

/** Where the loop's results go; both are called in folder order, one at a time. */
export interface BatchSink {
  loadBatch(plans: EncodedPlan[]): Promise<void>;
  recordIssue(issue: IssueRow): Promise<void>;
}

export interface ConsumeOptions {
  /** Jobs per batch (default JOBS_PER_BATCH). */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
  /** When aborted, no more folders are taken: what was read is loaded, and the loop ends. */
  stop?: AbortSignal;
}

export interface ReadFoldersOptions extends ConsumeOptions {
  /** Re-read every folder: the stored fingerprints are not consulted. */
  full?: boolean;
  /** Folders read at once (default JOB_FOLDERS_READ_AT_ONCE). */
  concurrency?: number;
  /** Worker threads (default by how many folders will certainly be read: defaultThreads). */
  threads?: number;
  /** Replaces every known token in what is read (docs/security.md); none by default. */
  redactor?: Redactor;
}

/** Read, plan and load `jobDirs` in batches; returns how many folders were taken (all, unless stopped). */
export function readFoldersInBatches(
  jobsRoot: string,
  jobDirs: readonly string[],
  stored: ReadonlyMap<string, string>,
  options: ReadFoldersOptions,
  folders: FolderCounts,
  sink: BatchSink,
): Promise<number> {
  // Folders without a stored fingerprint will certainly be read; the rest are most likely skipped,
  // which one thread does faster than a pool it first has to start.
  const toRead = options.full ? jobDirs.length : jobDirs.filter((j) => !stored.has(j)).length;
  const threads = options.threads ?? defaultThreads(toRead);
  const concurrency = options.concurrency ?? JOB_FOLDERS_READ_AT_ONCE;
  const outcomes = readAhead(jobsRoot, jobDirs, stored, concurrency, threads, options.redactor);
  return consumeReads(outcomes, jobDirs.length, options, folders, sink);
}

/**
 * The consumer: counts each outcome into `folders`, loads full batches (reading on meanwhile) and the
 * last partial one, records issues in order with the loads; returns how many outcomes it took.
 */
export async function consumeReads(
  outcomes: AsyncIterable<ReadOutcome>,
  total: number,
  options: ConsumeOptions,
  folders: FolderCounts,
  sink: BatchSink,
): Promise<number> {
  const batchSize = options.batchSize ?? JOBS_PER_BATCH;
  // The sink does one thing at a time, in order; a failure surfaces at the next await of inFlight.
  let inFlight: Promise<void> = Promise.resolve();
  const enqueue = (work: () => Promise<void>) => {
    inFlight = inFlight.then(work);
    inFlight.catch(() => undefined); // surfaced by the next await of inFlight, not as unhandled
  };
  let batch: EncodedPlan[] = [];
  let done = 0;
  for await (const outcome of outcomes) {
    countOutcome(outcome, folders);
    if ('plan' in outcome) batch.push(outcome.plan);
    else if ('issue' in outcome) enqueue(() => sink.recordIssue(outcome.issue));
    done++; // not inside onProgress?.(...): its arguments are not evaluated without a callback
    options.onProgress?.(done, total);
    if (batch.length >= batchSize) {
      const full = batch;
      batch = [];
      await inFlight;
      enqueue(() => sink.loadBatch(full));
    }
    if (options.stop?.aborted) break;
  }
  if (batch.length > 0) enqueue(() => sink.loadBatch(batch));
  await inFlight;
  return done;
}

function countOutcome(outcome: ReadOutcome, folders: FolderCounts): void {
  if ('plan' in outcome) {
    folders.read++;
    folders.files_read += outcome.plan.filesRead;
  } else if ('skipped' in outcome) folders.skipped_unchanged++;
  else folders.unreadable++;
}

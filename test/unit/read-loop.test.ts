import { fileURLToPath } from 'node:url';
import test from 'ava';
import type { ReadOutcome } from '../../src/import/read-and-plan.ts';
import { consumeReads, readFoldersInBatches, type BatchSink } from '../../src/import/read-loop.ts';
import { emptyFolderCounts } from '../../src/import/run-record.ts';
import { listScope } from '../../src/import/scope.ts';
import type { IssueRow } from '../../src/model/rows.ts';
import type { EncodedPlan } from '../../src/staging/encode.ts';

// The hand-made store documented in fixtures/README.md.
const FIXTURES = fileURLToPath(new URL('../../fixtures/jobs', import.meta.url));

const planned = (jobId: string, filesRead = 2): ReadOutcome => ({
  plan: { jobId, filesRead, issues: [], staged: {} },
});
const unreadable = (path: string): ReadOutcome => ({
  issue: { job_id: null, path, pointer: '', message: 'x' },
});

async function* outcomesOf(list: readonly ReadOutcome[], onYield?: (i: number) => void) {
  for (const [i, outcome] of list.entries()) {
    onYield?.(i);
    yield outcome;
  }
}

/** A sink that writes down what reached it, in the order it did. */
function recordingSink(): BatchSink & { calls: string[]; batches: string[][]; issues: IssueRow[] } {
  const calls: string[] = [];
  const batches: string[][] = [];
  const issues: IssueRow[] = [];
  return {
    calls,
    batches,
    issues,
    async loadBatch(plans: EncodedPlan[]) {
      batches.push(plans.map((p) => p.jobId));
      calls.push(`load ${plans.map((p) => p.jobId).join(',')}`);
    },
    async recordIssue(issue: IssueRow) {
      issues.push(issue);
      calls.push(`issue ${issue.path}`);
    },
  };
}

/** Rejects after `ms`: a deadline for a state the test waits for, never a pause. */
const deadline = (ms: number, what: string) =>
  new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), ms).unref());

test('plans are loaded in batches of the batch size, in folder order, the last batch holding the rest', async (t) => {
  const sink = recordingSink();
  const folders = emptyFolderCounts();
  const list = ['a', 'b', 'c', 'd', 'e'].map((id) => planned(id, 3));
  const done = await consumeReads(outcomesOf(list), list.length, { batchSize: 2 }, folders, sink);
  t.is(done, 5);
  t.deepEqual(sink.batches, [['a', 'b'], ['c', 'd'], ['e']]);
  t.like(folders, { read: 5, files_read: 15, skipped_unchanged: 0, unreadable: 0 });
});

test('skipped and unreadable folders are counted, and each unreadable one is recorded in order with the loads', async (t) => {
  const sink = recordingSink();
  const folders = emptyFolderCounts();
  const list = [planned('a'), { skipped: 'b' }, unreadable('c'), planned('d'), unreadable('e')];
  const progress: string[] = [];
  const onProgress = (n: number, total: number) => progress.push(`${n}/${total}`);
  await consumeReads(outcomesOf(list), list.length, { batchSize: 2, onProgress }, folders, sink);
  t.deepEqual(sink.calls, ['issue c', 'load a,d', 'issue e']);
  t.like(folders, { read: 2, skipped_unchanged: 1, unreadable: 2, files_read: 4 });
  t.deepEqual(progress, ['1/5', '2/5', '3/5', '4/5', '5/5']);
});

test('the next batch is read while one loads, and never two batches load at once', async (t) => {
  let reachedNextBatch!: () => void;
  const nextBatchRead = new Promise<void>((resolve) => (reachedNextBatch = resolve));
  let loading = 0;
  let mostAtOnce = 0;
  const sink: BatchSink = {
    async loadBatch() {
      mostAtOnce = Math.max(mostAtOnce, ++loading);
      // The first load finishes only once the loop has taken a folder of the following batch.
      await Promise.race([nextBatchRead, deadline(10_000, 'the loop to read on while a batch loads')]);
      loading--;
    },
    recordIssue: async () => undefined,
  };
  const list = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => planned(id));
  const outcomes = outcomesOf(list, (i) => i === 2 && reachedNextBatch());
  await consumeReads(outcomes, list.length, { batchSize: 2 }, emptyFolderCounts(), sink);
  t.is(mostAtOnce, 1);
});

test('a stop signal ends the loop after the folder in hand, and what was read is still loaded', async (t) => {
  const sink = recordingSink();
  const stop = new AbortController();
  const list = ['a', 'b', 'c', 'd', 'e'].map((id) => planned(id));
  const outcomes = outcomesOf(list, (i) => i === 2 && stop.abort());
  const done = await consumeReads(
    outcomes,
    5,
    { batchSize: 2, stop: stop.signal },
    emptyFolderCounts(),
    sink,
  );
  t.is(done, 3);
  t.deepEqual(sink.batches, [['a', 'b'], ['c']]);
});

test('a load that fails fails the loop with its own error', async (t) => {
  const sink: BatchSink = {
    loadBatch: async () => {
      throw new Error('the database refused the batch');
    },
    recordIssue: async () => undefined,
  };
  const list = ['a', 'b', 'c', 'd', 'e'].map((id) => planned(id));
  await t.throwsAsync(consumeReads(outcomesOf(list), 5, { batchSize: 2 }, emptyFolderCounts(), sink), {
    message: 'the database refused the batch',
  });
});

test('reading the fixture store hands every readable folder to the loader once, in folder order', async (t) => {
  const scope = await listScope(FIXTURES, {});
  const sink = recordingSink();
  const folders = emptyFolderCounts();
  const options = { batchSize: 3, threads: 0 };
  const done = await readFoldersInBatches(FIXTURES, scope.jobDirs, new Map(), options, folders, sink);
  t.is(done, scope.jobDirs.length);
  t.true(sink.batches.every((b) => b.length <= 3));
  const loaded = sink.batches.flat();
  t.deepEqual(
    loaded,
    [...loaded].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  t.is(loaded.length + folders.unreadable, scope.jobDirs.length);
  t.is(folders.read, loaded.length);
  t.true(folders.files_read > loaded.length);
});

/**
 * The worker-thread side of read-ahead.ts's ReadPool: read and plan each folder asked for, in order;
 * the plan's COPY bytes are transferred to the main thread, not copied.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type KnownTokens, Redactor } from '../util/token-redact.ts';
import { transferablesOf } from '../staging/encode.ts';
import { readAndPlan } from './read-and-plan.ts';

/** The run's known tokens, given once when the pool starts. */
const redactor = workerData ? new Redactor(workerData as KnownTokens) : Redactor.none;
let queue: Promise<void> = Promise.resolve();
parentPort!.on(
  'message',
  (m: { id: number; jobsRoot: string; jobDir: string; storedFingerprint?: string }) => {
    queue = queue.then(async () => {
      const outcome = await readAndPlan(m.jobsRoot, m.jobDir, m.storedFingerprint, redactor);
      const transfer = 'plan' in outcome ? transferablesOf(outcome.plan) : [];
      parentPort!.postMessage({ id: m.id, outcome }, transfer);
    });
  },
);

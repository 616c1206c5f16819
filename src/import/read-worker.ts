/**
 * The worker-thread side of read-ahead.ts's ReadPool: read and plan each folder asked for, in order;
 * the plan's COPY bytes are transferred to the main thread, not copied.
 */
import { parentPort } from 'node:worker_threads';
import { transferablesOf } from '../staging/encode.ts';
import { readAndPlan } from './read-and-plan.ts';

let queue: Promise<void> = Promise.resolve();
parentPort!.on(
  'message',
  (m: { id: number; jobsRoot: string; jobDir: string; storedFingerprint?: string }) => {
    queue = queue.then(async () => {
      const outcome = await readAndPlan(m.jobsRoot, m.jobDir, m.storedFingerprint);
      const transfer = 'plan' in outcome ? transferablesOf(outcome.plan) : [];
      parentPort!.postMessage({ id: m.id, outcome }, transfer);
    });
  },
);

/**
 * The worker-thread side of read-pool.ts: read and plan each requested folder, in the order asked;
 * the plan's COPY bytes are transferred to the main thread, not copied.
 */
import { parentPort } from 'node:worker_threads';
import { transferablesOf } from './encode.ts';
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

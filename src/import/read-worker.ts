/** The worker-thread side of read-ahead.ts's ReadPool: read and plan each folder asked for, in order. */
import { parentPort } from 'node:worker_threads';
import { readAndPlan } from './read-and-plan.ts';

let queue: Promise<void> = Promise.resolve();
parentPort!.on(
  'message',
  (m: { id: number; jobsRoot: string; jobDir: string; storedFingerprint?: string }) => {
    queue = queue.then(async () => {
      parentPort!.postMessage({
        id: m.id,
        outcome: await readAndPlan(m.jobsRoot, m.jobDir, m.storedFingerprint),
      });
    });
  },
);

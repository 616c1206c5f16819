/** A writer thread's entry (see write.ts): rebuild the world, write this thread's share, report stats. */
import { parentPort, workerData } from 'node:worker_threads';
import { buildWorld } from './world.ts';
import { type WorkerInput, writeJobs } from './write.ts';

const input = workerData as WorkerInput;
const world = buildWorld(input.jobs, input.seed);
parentPort!.postMessage(writeJobs(world, input.out, input.part, input.parts));

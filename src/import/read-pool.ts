/**
 * Scanning, reading and planning job folders is CPU work (syscalls, JSON.parse, zod, hashing) that
 * one thread cannot do while it also feeds COPY; a pool of worker threads does it instead. Requests
 * are spread round-robin and answered in order per worker; the caller awaits them in folder order.
 */
import { Worker } from 'node:worker_threads';
import { siblingModule, workerSource } from '../worker-source.ts';
import type { ReadOutcome } from './read-and-plan.ts';

interface Pending {
  resolve: (outcome: ReadOutcome) => void;
  reject: (err: Error) => void;
}

/**
 * A worker holds one folder's files and plan at a time (the largest file is capped at 8 MiB), so a
 * small heap suffices; left to itself V8 grows each worker's heap far past that before collecting.
 */
const WORKER_HEAP = { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 16 };

export class ReadPool {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: Error | null = null;

  private constructor(private readonly workers: Worker[]) {
    for (const worker of workers) {
      worker.on('message', (m: { id: number; outcome: ReadOutcome }) => {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        p?.resolve(m.outcome);
      });
      worker.on('error', (err) => this.fail(err));
      worker.on('exit', (code) => {
        if (code !== 0) this.fail(new Error(`a job-reading worker thread exited with code ${code}`));
      });
    }
  }

  static start(size: number): ReadPool {
    const code = workerSource(siblingModule('read-worker', import.meta.url));
    const workers = Array.from(
      { length: size },
      () => new Worker(code, { eval: true, resourceLimits: WORKER_HEAP }),
    );
    return new ReadPool(workers);
  }

  read(jobsRoot: string, jobDir: string, storedFingerprint: string | undefined): Promise<ReadOutcome> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const worker = this.workers[id % this.workers.length]!;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, jobsRoot, jobDir, storedFingerprint });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.fail(new Error('the job-reading pool was closed'));
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }
}

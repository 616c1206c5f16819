/**
 * `jobmig import --watch`: an import run, then another `interval` seconds after it ended, until
 * `signal` is aborted (SIGINT or SIGTERM). Each pass is a normal run with its own import_runs row; an
 * abort during a pass stops it at the next batch boundary with its bookkeeping done (status
 * `stopped`). A pass that fails (a lost connection, a refused lock) is reported and the next pass
 * retries: the pool replaces a broken session, and the next run marks a dead one's row interrupted.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { describeError } from '../db/connection.ts';
import { listRun } from '../runs/read.ts';
import { runImport, type ImportOptions } from './run.ts';

export interface WatchOptions extends Omit<ImportOptions, 'stop' | 'onProgress'> {
  intervalSeconds: number;
  signal: AbortSignal;
  /** Called once per pass, whatever its outcome. */
  report: (pass: PassReport) => void;
}

export interface PassReport {
  pass: number;
  /** Null when the pass failed before its run row was written or read back. */
  runId: number | null;
  status: string;
  jobsAdded: number;
  jobsChanged: number;
  jobsGone: number;
  findingsOpened: number;
  findingsClosed: number;
  /** Import issues the pass's run recorded (files it could not read or validate). */
  importIssues: number;
  elapsedMs: number;
  error: string | null;
}

export async function watchImports(pool: pg.Pool, options: WatchOptions): Promise<void> {
  const { intervalSeconds, signal, report, ...importOptions } = options;
  for (let pass = 1; !signal.aborted; pass++) {
    report(await onePass(pool, pass, { ...importOptions, stop: signal }));
    if (signal.aborted) break;
    await sleep(intervalSeconds * 1000, undefined, { signal }).catch(() => undefined);
  }
}

async function onePass(pool: pg.Pool, pass: number, options: ImportOptions): Promise<PassReport> {
  const started = Date.now();
  try {
    const summary = await runImport(pool, options);
    const run = await listRun(pool, summary.runId);
    return {
      pass,
      runId: summary.runId,
      status: summary.stopped ? 'stopped' : 'completed',
      jobsAdded: run?.jobs_added ?? 0,
      jobsChanged: run?.jobs_changed ?? 0,
      jobsGone: run?.jobs_gone ?? 0,
      findingsOpened: run?.findings_opened ?? 0,
      findingsClosed: run?.findings_closed ?? 0,
      importIssues: run?.issues ?? 0,
      elapsedMs: Date.now() - started,
      error: null,
    };
  } catch (err) {
    return {
      pass,
      runId: null,
      status: 'failed',
      ...{ jobsAdded: 0, jobsChanged: 0, jobsGone: 0, findingsOpened: 0, findingsClosed: 0, importIssues: 0 },
      elapsedMs: Date.now() - started,
      error: describeError(err, []),
    };
  }
}

/** The one line a pass prints. */
export function passLine(p: PassReport): string {
  const seconds = `${(p.elapsedMs / 1000).toFixed(2)}s`;
  if (p.error) return `pass ${p.pass}: failed after ${seconds}: ${p.error}; retrying next pass`;
  const jobs = p.jobsAdded + p.jobsChanged + p.jobsGone;
  return (
    `pass ${p.pass} (run ${p.runId}${p.status === 'stopped' ? ', stopped' : ''}): ${jobs} job(s) changed ` +
    `(${p.jobsAdded} added, ${p.jobsChanged} changed, ${p.jobsGone} gone), ` +
    `findings ${p.findingsOpened} opened, ${p.findingsClosed} closed, ${seconds}`
  );
}

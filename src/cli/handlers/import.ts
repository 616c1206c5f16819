/** `jobmig import`: runs the import with a progress bar on a terminal and prints the summary. */
import cliProgress from 'cli-progress';
import type pg from 'pg';
import { describeError, isConnectionLoss } from '../../db/connection.ts';
import { runImport, type ImportOptions, type ImportSummary } from '../../import/run.ts';
import { parseShard } from '../../import/shard.ts';
import { withDatabase } from '../database.ts';
import { formatSummary } from '../summary.ts';

/** The parsed arguments (see the descriptor, ../import.ts, for their options). */
export interface ImportArgs {
  'jobs-root': string;
  'database-url'?: string;
  json: boolean;
  concurrency: number;
  'batch-size': number;
  full: boolean;
  job?: string[];
  wait: boolean;
  shard?: string;
  threads?: number;
}

export async function run(args: ImportArgs): Promise<void> {
  const shard = args.shard === undefined ? undefined : parseShard(args.shard);
  const bar =
    process.stderr.isTTY && !args.json
      ? new cliProgress.SingleBar(
          { stream: process.stderr, format: 'importing [{bar}] {value}/{total} job folders' },
          cliProgress.Presets.shades_classic,
        )
      : null;
  const summary = await withDatabase(args['database-url'], (db) =>
    importOrExplain(db.pool, {
      jobsRoot: args['jobs-root'],
      concurrency: args.concurrency,
      threads: args.threads,
      batchSize: args['batch-size'],
      full: args.full,
      jobs: args.job,
      shard,
      lock: args.wait ? 'wait' : 'fail',
      onProgress: (done, total) => {
        if (done === 1) bar?.start(total, 0);
        bar?.update(done);
      },
    }).finally(() => bar?.stop()),
  );
  process.stdout.write(args.json ? JSON.stringify(summary, null, 2) + '\n' : formatSummary(summary));
}

/** A lost connection is not a bug to debug: say so, and that rerunning finishes the job. */
async function importOrExplain(pool: pg.Pool, options: ImportOptions): Promise<ImportSummary> {
  try {
    return await runImport(pool, options);
  } catch (err) {
    if (!isConnectionLoss(err)) throw err;
    throw new Error(
      `lost the connection to PostgreSQL during the import (${describeError(err, [])}); ` +
        'committed batches are kept: run the import again to finish',
      { cause: err },
    );
  }
}

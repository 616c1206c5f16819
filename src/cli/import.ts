import cliProgress from 'cli-progress';
import type { CommandModule } from 'yargs';
import type pg from 'pg';
import { describeError, isConnectionLoss } from '../db/connection.ts';
import { runImport, type ImportOptions, type ImportSummary } from '../import/run.ts';
import { parseShard } from '../import/shard.ts';
import { databaseOptions, withDatabase } from './database.ts';
import { formatSummary } from './summary.ts';

interface ImportArgs {
  root: string;
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

export const importCommand: CommandModule<object, ImportArgs> = {
  command: 'import <root>',
  describe: 'Import (or re-import) a legacy storage root or job store into PostgreSQL',
  builder: (y) =>
    y
      .positional('root', {
        type: 'string',
        demandOption: true,
        describe: 'a storage root (holding jobs/, security/, profiles/) or a folder holding the job folders',
      })
      .options({
        ...databaseOptions,
        json: { type: 'boolean', default: false, describe: 'print the summary as JSON' },
        concurrency: { type: 'number', default: 8, describe: 'job folders read at once' },
        threads: {
          type: 'number',
          describe:
            'worker threads reading job folders (0: none; default: up to 4 by cores when 300+ folders are new or --full, else 0)',
        },
        'batch-size': {
          type: 'number',
          default: 200,
          describe: 'jobs per COPY batch (one transaction each)',
        },
        full: { type: 'boolean', default: false, describe: 're-read every job folder, even unchanged ones' },
        job: { type: 'string', array: true, describe: 'limit the run to this job folder (repeatable)' },
        wait: {
          type: 'boolean',
          default: false,
          describe: 'wait for another running import instead of exiting',
        },
        shard: {
          type: 'string',
          describe: 'import only shard K of N (job folder names hashed), e.g. 1/4; shards run together',
        },
      }) as never,
  handler: async (args) => {
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
        jobsRoot: args.root,
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
  },
};

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

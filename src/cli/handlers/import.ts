/**
 * `jobmig import`: runs the import with a progress bar on a terminal and prints the summary; or, with
 * --dry-run, says what a run would do; or, with --watch, runs one after another until a signal.
 */
import cliProgress from 'cli-progress';
import type pg from 'pg';
import { describeError, isConnectionLoss } from '../../db/connection.ts';
import { runImport, type ImportOptions, type ImportSummary } from '../../import/run.ts';
import { parseShard, type Shard } from '../../import/shard.ts';
import { withDatabase } from '../database.ts';
import { createLogger } from '../log.ts';
import { formatSummary } from '../summary.ts';
import type { ImportArgs } from '../import.ts';
import { escapeControl, tableWidth } from '../../util/terminal.ts';

export async function run(args: ImportArgs): Promise<void> {
  const shard = args.shard === undefined ? undefined : parseShard(args.shard);
  if (args['dry-run']) return dryRun(args, shard);
  if (args.watch) return watch(args, shard);
  const bar =
    process.stderr.isTTY && !args.json
      ? new cliProgress.SingleBar(
          { stream: process.stderr, format: 'importing [{bar}] {value}/{total} job folders' },
          cliProgress.Presets.shades_classic,
        )
      : null;
  const summary = await withDatabase(args['database-url'], (db) =>
    importOrExplain(db.pool, {
      ...runOptions(args, shard),
      lock: args.wait ? 'wait' : 'fail',
      onProgress: (done, total) => {
        if (done === 1) bar?.start(total, 0);
        bar?.update(done);
      },
    }).finally(() => bar?.stop()),
  );
  process.stdout.write(
    args.json ? JSON.stringify(summary, null, 2) + '\n' : formatSummary(summary, tableWidth(args.wide)),
  );
}

/** The options a run, a dry run and each pass of --watch share. */
function runOptions(args: ImportArgs, shard: Shard | undefined) {
  return {
    jobsRoot: args.root,
    concurrency: args.concurrency,
    threads: args.threads,
    batchSize: args['batch-size'],
    full: args.full,
    jobs: args.job,
    shard,
  };
}

async function dryRun(args: ImportArgs, shard: Shard | undefined): Promise<void> {
  const { dryRunImport } = await import('../../import/dry-run.ts');
  const { formatDryRun } = await import('../summary.ts');
  const summary = await withDatabase(args['database-url'], (db) =>
    dryRunImport(db.pool, runOptions(args, shard)),
  );
  process.stdout.write(
    args.json ? `${JSON.stringify(summary, null, 2)}\n` : formatDryRun(summary, tableWidth(args.wide)),
  );
}

/**
 * Passes until SIGINT or SIGTERM; a second signal ends at once (the next run marks the row
 * interrupted). Each pass is a line on stdout, an event in the log (json) and a metrics observation.
 */
async function watch(args: ImportArgs, shard: Shard | undefined): Promise<void> {
  const { watchImports, passLine } = await import('../../import/watch.ts');
  const log = await createLogger(args['log-format']);
  const stop = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => {
    if (stop.signal.aborted) process.exit(130);
    log.info(`${sig}: stopping at the next batch boundary`, { signal: sig });
    stop.abort();
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  await withDatabase(args['database-url'], async (db) => {
    const metrics = await startMetrics(db.pool, args['metrics-port']);
    if (metrics) log.info(`metrics on ${metrics.url}`, { metrics: metrics.url });
    try {
      await watchImports(db.pool, {
        ...runOptions(args, shard),
        intervalSeconds: args.interval,
        signal: stop.signal,
        report: (pass) => {
          process.stdout.write(`${args.json ? JSON.stringify(pass) : escapeControl(passLine(pass))}\n`);
          (pass.error ? log.error : log.event)(passLine(pass), { ...pass });
          metrics?.observe(pass);
        },
      });
    } finally {
      await metrics?.close();
    }
  });
}

async function startMetrics(pool: pg.Pool, port: number | undefined) {
  if (port === undefined) return null;
  const { serveWatchMetrics } = await import('../../import/watch-metrics.ts');
  return serveWatchMetrics(pool, port);
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

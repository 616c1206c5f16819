/**
 * Write a deterministic legacy job store (see gen-store/index.ts).
 *
 *   node --import tsx scripts/gen-store.ts --jobs 20000 --seed 42 --out /tmp/store \
 *     [--concurrency 64] [--json]
 *
 * Prints the stats (a summary, or the full JSON with --json) and the elapsed time on stderr.
 * Exit code 2 on bad arguments or a non-empty --out.
 */
import { performance } from 'node:perf_hooks';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { generateStore, type GeneratedStoreStats } from './gen-store/index.ts';

const argv = await yargs(hideBin(process.argv))
  .scriptName('gen-store')
  .usage('$0 --jobs N --seed S --out DIR')
  .option('jobs', { type: 'number', demandOption: true, describe: 'job folders to write' })
  .option('seed', { type: 'number', demandOption: true, describe: 'integer seed: same seed, same bytes' })
  .option('out', {
    type: 'string',
    demandOption: true,
    describe: 'jobs root to create (must not exist or be empty)',
  })
  .option('concurrency', { type: 'number', default: 64, describe: 'file-system operations in flight' })
  .option('json', { type: 'boolean', default: false, describe: 'print the full stats as JSON' })
  .check((a) => {
    if (!Number.isSafeInteger(a.jobs) || a.jobs < 0) throw new Error('--jobs must be a non-negative integer');
    if (!Number.isSafeInteger(a.seed)) throw new Error('--seed must be an integer');
    if (!Number.isSafeInteger(a.concurrency) || a.concurrency < 1)
      throw new Error('--concurrency must be a positive integer');
    return true;
  })
  .strict()
  .exitProcess(false)
  .fail((msg, err) => {
    console.error(`gen-store: ${msg ?? err?.message}`);
    process.exit(2);
  })
  .parseAsync();

const started = performance.now();
let stats: GeneratedStoreStats;
try {
  stats = await generateStore({
    jobs: argv.jobs,
    seed: argv.seed,
    out: argv.out,
    concurrency: argv.concurrency,
  });
} catch (err) {
  console.error(`gen-store: ${(err as Error).message}`);
  process.exit(2);
}
const seconds = (performance.now() - started) / 1000;

if (argv.json) {
  console.log(JSON.stringify(stats, null, 2));
} else {
  const { irregularJobs: _omit, ...summary } = stats;
  console.log(JSON.stringify(summary, null, 2));
}
console.error(
  `gen-store: ${stats.jobFolders} jobs, ${stats.files.total} files, ${(stats.bytes / 1e6).toFixed(1)}` +
    ` MB in ${seconds.toFixed(1)} s -> ${argv.out}`,
);

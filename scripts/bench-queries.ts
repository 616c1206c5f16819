/**
 * Times every query preset against an imported database:
 *
 *   node --import tsx scripts/bench-queries.ts --database-url URL [--runs 3]
 *
 * --floors also times each preset's output already computed (see bench/presets.ts); it writes a
 * scratch table, so only on a database of your own.
 *
 * Each preset's full output is fetched through the runner and formatted as json into a null sink
 * (what `jobmig query <preset> --format json > /dev/null` does, without the process start); the best
 * of --runs is reported. Without --floors, read-only: safe on a database someone else is using.
 */
import Table from 'cli-table3';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { openDatabase } from '../src/db/connection.ts';
import { timePresets } from './bench/presets.ts';

const argv = await yargs(hideBin(process.argv))
  .option('database-url', { type: 'string', describe: 'default: $DATABASE_URL, else the embedded server' })
  .option('runs', { type: 'number', default: 3 })
  .option('floors', {
    type: 'boolean',
    default: false,
    describe:
      "also time each preset's rows already computed (writes a scratch table: a database of your own only)",
  })
  .strict()
  .parseAsync();

const db = await openDatabase({ databaseUrl: argv['database-url'], readOnly: !argv.floors });
const { rows: jobCount } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM jobs');
const table = new Table({
  head: ['preset', 'rows', 'first page ms', 'best ms', 'floor ms', 'runs ms'],
  colAligns: ['left', 'right', 'right', 'right', 'right', 'left'],
  style: { head: [], border: [], compact: true },
});
try {
  for (const t of await timePresets(db.pool, argv.runs, { floors: argv.floors })) {
    table.push([
      t.preset,
      t.rows,
      t.firstPageMs.toFixed(0),
      t.bestMs.toFixed(0),
      t.floorMs?.toFixed(0) ?? '',
      t.runsMs.map((ms) => ms.toFixed(0)).join(' '),
    ]);
  }
} finally {
  await db.close();
}
console.log(`jobmig query presets: ${jobCount[0]!.n} jobs, best of ${argv.runs}`);
console.log(table.toString());

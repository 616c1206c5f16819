/**
 * Import benchmark on a generated store, against a real PostgreSQL, measured against the floors of
 * the same machine in the same run (absolute seconds on shared machines are noise; ratios are not):
 *
 *   npm run bench -- --jobs 20000 [--seed 42] [--store DIR] [--database-url URL] [--baseline-jobs 1000]
 *                    [--profile DIR] [--no-write]
 *
 * Prints one table and writes it into BENCHMARKS.md (between the bench markers; the rest of that file
 * is prose kept by hand). Every import, `--help` and `query summary` is a process of the packed and
 * installed CLI (scripts/bench/installed.ts), so peak RSS and start-up are what users get. Without
 * --database-url: $DATABASE_URL, else the embedded server. Databases jobmig_bench and
 * jobmig_bench_baseline are dropped and recreated.
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { openDatabase, withDatabaseName } from '../src/db/connection.ts';
import { redactUrl } from '../src/db/redact.ts';
import { migrate, SCHEMA_DIR } from '../src/db/migrate.ts';
import type { ImportSummary } from '../src/import/run.ts';
import { listJobFolders } from '../src/legacy/scan.ts';
import { generateStore, mutateJobs } from './gen-store/index.ts';
import { perRowImport } from './bench/baseline.ts';
import { floorCopy, floorRead, floorWalk } from './bench/floors.ts';
import { installPacked, jobmigProcess, medianSeconds, startupTimes, type Usage } from './bench/installed.ts';
import { timePresets } from './bench/presets.ts';

const argv = await yargs(hideBin(process.argv))
  .option('jobs', { type: 'number', default: 20000 })
  .option('seed', { type: 'number', default: 42 })
  .option('store', { type: 'string', describe: 'reuse (or create) the generated store here' })
  .option('database-url', { type: 'string' })
  .option('baseline-jobs', {
    type: 'number',
    default: 1000,
    describe: 'jobs loaded the per-row way (0: skip)',
  })
  .option('profile', { type: 'string', describe: 'write a --cpu-prof profile of the full import here' })
  .option('write', { type: 'boolean', default: true, describe: 'write the table into BENCHMARKS.md' })
  .strict()
  .parseAsync();

const scratch = await mkdtemp(path.join(os.tmpdir(), 'jobmig-bench-'));
const root = path.resolve(argv.store ?? path.join(scratch, 'jobs'));
if (!(await stat(root).catch(() => null))) {
  const t0 = performance.now();
  await generateStore({ jobs: argv.jobs, seed: argv.seed, out: root });
  console.error(`generated ${argv.jobs} jobs in ${((performance.now() - t0) / 1000).toFixed(1)}s at ${root}`);
}
const jobCount = (await listJobFolders(root)).jobDirs.length;

const server = await openDatabase({ databaseUrl: argv['database-url'] });
async function freshDatabase(name: string): Promise<{ url: string; pool: pg.Pool }> {
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabaseName(server.url, name);
  const pool = new pg.Pool({ connectionString: url });
  await migrate(pool, SCHEMA_DIR);
  return { url, pool };
}

interface ChildImport extends Usage {
  seconds: number;
  summary: ImportSummary;
}

const bin = installPacked(scratch);

async function importInChild(url: string, profileDir?: string): Promise<ChildImport> {
  const nodeFlags = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const args = ['import', root, '--database-url', url, '--json'];
  const child = await jobmigProcess(bin, args, { nodeFlags, usage: true });
  const summary = JSON.parse(child.stdout) as ImportSummary;
  // Process start to exit: start-up, connecting and migrating included.
  return { summary, ...child.usage!, seconds: child.seconds };
}

const log = (msg: string) => console.error(`bench: ${msg}`);
const bench = await freshDatabase('jobmig_bench');

log('start-up: node -e 0 and jobmig --help, interleaved, median of 11 each');
const startup = await startupTimes(bin, 11);
log(`node -e 0 ${startup.node.toFixed(3)}s, jobmig --help ${startup.help.toFixed(3)}s`);

log('floors: walk, read');
floorWalk(root); // warm the page cache and dentries the same way for everything that follows
const walk = floorWalk(root);
const read = floorRead(root);
log(
  `floor_walk ${walk.seconds.toFixed(2)}s (${walk.entries} entries),` +
    ` floor_read ${read.seconds.toFixed(2)}s (${read.files} files)`,
);

log('full import');
const full = await importInChild(bench.url, argv.profile);
log(`full import ${full.seconds.toFixed(2)}s, peak RSS ${full.peakRssMb.toFixed(0)} MB`);
const copyClient = await bench.pool.connect();
const copy = await floorCopy(copyClient);
copyClient.release();
log(`floor_copy ${copy.seconds.toFixed(2)}s (${copy.rows} rows)`);

// The import and floor_copy evict the walk's entries from the caches: the unchanged rerun is compared
// with walks taken right before it, in the same state. Twice each, interleaved; the best of each.
const rerunWalks: number[] = [];
const reruns: ChildImport[] = [];
for (let i = 0; i < 2; i++) {
  rerunWalks.push(floorWalk(root).seconds);
  reruns.push(await importInChild(bench.url));
}
const rerunWalk = Math.min(...rerunWalks);
const unchanged = reruns.reduce((a, b) => (b.seconds < a.seconds ? b : a));
log(`unchanged rerun ${unchanged.seconds.toFixed(2)}s (walk before it ${rerunWalk.toFixed(2)}s)`);
const changed = await mutateJobs(root, 0.01, argv.seed);
const onePercent = await importInChild(bench.url);
log(`1% rerun ${onePercent.seconds.toFixed(2)}s`);
const summaryArgs = ['query', 'summary', '--database-url', bench.url, '--format', 'json'];
const querySummary = await medianSeconds(bin, summaryArgs, 5);
log(`jobmig query summary ${querySummary.toFixed(3)}s (median of 5, process start to exit)`);
const presets = await timePresets(bench.pool, 3, { floors: true });
log(`query presets: slowest ${Math.max(...presets.map((p) => p.bestMs)).toFixed(0)} ms`);
await bench.pool.end();

let baseline: { seconds: number; jobs: number; scaled: number } | null = null;
if (argv['baseline-jobs'] > 0) {
  const base = await freshDatabase('jobmig_bench_baseline');
  const client = await base.pool.connect();
  const run = await client.query<{ id: string }>(
    "INSERT INTO import_runs (jobs_root, options, lock_key) VALUES ($1, '{}', 'baseline') RETURNING id",
    [root],
  );
  const subset = (await listJobFolders(root)).jobDirs.slice(0, argv['baseline-jobs']);
  const r = await perRowImport(client, root, subset, Number(run.rows[0]!.id));
  client.release();
  await base.pool.end();
  baseline = { seconds: r.seconds, jobs: r.jobs, scaled: (r.seconds * jobCount) / r.jobs };
  log(`per-row baseline ${r.seconds.toFixed(2)}s for ${r.jobs} jobs (${r.statements} statements)`);
}
await server.close();

// ---- the table ----
const floor = read.seconds + copy.seconds;
const jobsPerSecond = jobCount / full.seconds;
const walkAndStart = rerunWalk + startup.help;
const rows: [string, string, string, string, string][] = [
  ['floor_walk: readdir + lstat of every entry', s(walk.seconds), `${walk.entries} entries`, '', ''],
  [
    'floor_read: find, read, JSON.parse every .json',
    s(read.seconds),
    `${read.files} files, ${(read.bytes / 1e6).toFixed(0)} MB`,
    '',
    '',
  ],
  ['floor_copy: COPY the final rows into empty tables', s(copy.seconds), `${copy.rows} rows`, '', ''],
  ['`node -e 0` (median of 11)', s(startup.node), '', '', ''],
  [
    '`jobmig --help`, installed (median of 11)',
    s(startup.help),
    '',
    `${(startup.help / startup.node).toFixed(2)} × node -e 0`,
    verdict(startup.help <= 3 * startup.node, '≤ 3 × node -e 0'),
  ],
  [
    '`jobmig query summary`, installed, end to end (median of 5)',
    s(querySummary),
    '',
    '',
    verdict(querySummary <= 0.5, '≤ 0.5 s'),
  ],
  [
    'full import',
    s(full.seconds),
    `${Math.round(jobsPerSecond)} jobs/s, ${((1000 * full.seconds) / jobCount).toFixed(1)} ms/job`,
    `${(full.seconds / floor).toFixed(2)} × (read + copy floors)`,
    verdict(full.seconds <= 1.3 * floor, '≤ 1.3 ×'),
  ],
  [
    'peak RSS of the full import',
    `${full.peakRssMb.toFixed(0)} MB`,
    `${full.cpuSeconds.toFixed(1)} CPU s in the importer`,
    '',
    verdict(full.peakRssMb <= 250, '≤ 250 MB'),
  ],
  [
    'unchanged rerun (best of 2, each after a walk)',
    s(unchanged.seconds),
    `${unchanged.summary.folders.files_read} files read, ${unchanged.peakRssMb.toFixed(0)} MB peak`,
    `${(unchanged.seconds / walkAndStart).toFixed(2)} × (walk floor ${s(rerunWalk)} + --help)`,
    verdict(unchanged.seconds <= 1.5 * walkAndStart, '≤ 1.5 ×'),
  ],
  [
    `rerun after changing 1% (${changed.length} jobs)`,
    s(onePercent.seconds),
    `${onePercent.summary.folders.read} folders read`,
    `${ratio(onePercent.seconds, full.seconds)} of full`,
    '',
  ],
];
if (baseline) {
  rows.push([
    `per-row baseline (${baseline.jobs} jobs, scaled to ${jobCount})`,
    s(baseline.scaled),
    `${s(baseline.seconds)} measured`,
    `${(baseline.scaled / full.seconds).toFixed(1)} × slower than jobmig`,
    verdict(baseline.scaled >= 20 * full.seconds, '≥ 20 ×'),
  ]);
}
const header = [
  `${jobCount} jobs (seed ${argv.seed}), ${os.cpus().length} cores, node ${process.version},` +
    ` PostgreSQL at ${redactUrl(server.url)}, ${new Date().toISOString().slice(0, 16)}Z`,
  '',
  '| measurement | time | volume | ratio | target |',
  '|---|---:|---:|---:|---|',
];
const presetRows = presets.map(
  (p) =>
    `| ${p.preset} | ${p.rows} | ${p.firstPageMs.toFixed(0)} ms |` +
    ` ${p.bestMs.toFixed(0)} ms | ${p.floorMs?.toFixed(0)} ms |` +
    ` ${verdict(p.firstPageMs < 1000, 'first page < 1 s')},` +
    ` ${verdict(p.bestMs < 1000, 'all rows < 1 s')} |`,
);
const table = [
  ...header,
  ...rows.map((r) => `| ${r.join(' | ')} |`),
  '',
  '| query preset (json, best of 3) | rows | first page | all rows |' +
    ' floor: the same rows already computed | target |',
  '|---|---:|---:|---:|---:|---|',
  ...presetRows,
].join('\n');
console.log(table);

if (argv.write) {
  const file = new URL('../BENCHMARKS.md', import.meta.url).pathname;
  const start = `<!-- bench:${jobCount} -->`;
  const end = `<!-- /bench:${jobCount} -->`;
  const block = `${start}\n${table}\n${end}`;
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n\n';
  const at = text.indexOf(start);
  const until = text.indexOf(end);
  if (at >= 0 && until > at) text = text.slice(0, at) + block + text.slice(until + end.length);
  else {
    // A new store size goes after the other tables, before the hand-kept prose sections.
    const prose = text.indexOf('\n## ');
    text =
      prose >= 0
        ? `${text.slice(0, prose).trimEnd()}\n\n${block}\n${text.slice(prose)}`
        : `${text.trimEnd()}\n\n${block}\n`;
  }
  writeFileSync(file, text);
  log(`wrote the table into ${file}`);
}
await rm(scratch, { recursive: true, force: true });

function s(seconds: number): string {
  return `${seconds.toFixed(2)} s`;
}
function ratio(part: number, whole: number): string {
  return `${((100 * part) / whole).toFixed(1)}%`;
}
function verdict(met: boolean, target: string): string {
  return `${met ? 'met' : 'MISSED'} (${target})`;
}

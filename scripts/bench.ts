/**
 * Import benchmark on a generated store, against a real PostgreSQL:
 *
 *   npm run bench -- --jobs 20000 [--seed 42] [--store DIR] [--database-url URL]
 *
 * Measures a full import into an empty database, an unchanged rerun, and a rerun after changing 1%
 * of the jobs, and prints each as a ratio of the full import (absolute seconds on shared machines
 * are noise; ratios measured in the same run are not). Without --database-url: $DATABASE_URL, else
 * the embedded server. The benchmark database `jobmig_bench` is dropped and recreated.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { openDatabase, withDatabaseName } from '../src/db/connection.ts';
import { migrate, SCHEMA_DIR } from '../src/db/migrate.ts';
import { runImport, type ImportSummary } from '../src/import/run.ts';
import { generateStore, mutateJobs } from '../src/testing/generate-store.ts';

const argv = await yargs(hideBin(process.argv))
  .option('jobs', { type: 'number', default: 20000 })
  .option('seed', { type: 'number', default: 42 })
  .option('store', { type: 'string', describe: 'reuse (or create) the generated store here' })
  .option('database-url', { type: 'string' })
  .strict()
  .parseAsync();

const scratch = await mkdtemp(path.join(os.tmpdir(), 'jobmig-bench-'));
const root = argv.store ?? path.join(scratch, 'jobs');
if (!(await stat(root).catch(() => null))) {
  const t0 = performance.now();
  await generateStore({ jobs: argv.jobs, seed: argv.seed, out: root });
  console.error(`generated ${argv.jobs} jobs in ${((performance.now() - t0) / 1000).toFixed(1)}s at ${root}`);
}

const server = await openDatabase({ databaseUrl: argv['database-url'] });
const admin = new pg.Client({ connectionString: server.url });
await admin.connect();
await admin.query('DROP DATABASE IF EXISTS jobmig_bench WITH (FORCE)');
await admin.query('CREATE DATABASE jobmig_bench');
await admin.end();
const pool = new pg.Pool({ connectionString: withDatabaseName(server.url, 'jobmig_bench') });
await migrate(pool, SCHEMA_DIR);

async function timed(label: string, fn: () => Promise<ImportSummary>): Promise<{ label: string; seconds: number; summary: ImportSummary }> {
  const t0 = performance.now();
  const summary = await fn();
  return { label, seconds: (performance.now() - t0) / 1000, summary };
}

const full = await timed('full import', () => runImport(pool, { jobsRoot: root }));
const unchanged = await timed('unchanged rerun', () => runImport(pool, { jobsRoot: root }));
const changed = await mutateJobs(root, 0.01, argv.seed);
const onePercent = await timed(`rerun after changing 1% (${changed.length} jobs)`, () => runImport(pool, { jobsRoot: root }));

console.log(`jobmig import benchmark: ${argv.jobs} jobs, seed ${argv.seed}, ${os.cpus().length} cores, node ${process.version}`);
console.log('| measurement | seconds | jobs/s | × full import | folders read | files read |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const m of [full, unchanged, onePercent]) {
  const f = m.summary.folders;
  console.log(
    `| ${m.label} | ${m.seconds.toFixed(2)} | ${Math.round(argv.jobs / m.seconds)} | ${(m.seconds / full.seconds).toFixed(3)} | ${f.read} | ${f.files_read} |`,
  );
}

await pool.end();
await server.close();
await rm(scratch, { recursive: true, force: true });

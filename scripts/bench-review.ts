/**
 * npm run bench-review [--jobs N] [--seed S] [--database-url URL]: generates a store, imports it, and
 * drives Debian's Chromium with the keyboard only as a reviewer who reads every error-severity group
 * in the list (its values are in the row) and decides it there, and, per warning or info kind, opens
 * one group, reads it, and decides the kind in bulk. Prints actions (keys), characters typed, page
 * loads, server time per page (median, p95; the browser's request-to-first-byte on loopback) and the
 * estimated person time: 1.3 s a key, 0.28 s a character, 10 s to read a page, 3 s to read a row.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import pg from 'pg';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { openDatabase, withDatabaseName } from '../src/db/connection.ts';
import { migrate, SCHEMA_DIR } from '../src/db/migrate.ts';
import { runImport } from '../src/import/run.ts';
import { startReviewServer } from '../src/review/server.ts';
import { generateStore } from './gen-store/index.ts';

const argv = await yargs(hideBin(process.argv))
  .option('jobs', { type: 'number', default: 3000 })
  .option('seed', { type: 'number', default: 42 })
  .option('database-url', { type: 'string' })
  .strict()
  .parseAsync();

const COST = { key: 1.3, char: 0.28, page: 10, row: 3 };
const log = (msg: string): void => console.error(`bench-review: ${msg}`);
const scratch = await mkdtemp(path.join(os.tmpdir(), 'jobmig-bench-review-'));
const root = path.join(scratch, 'jobs');
await generateStore({ jobs: argv.jobs, seed: argv.seed, out: root });
const server = await openDatabase({ databaseUrl: argv['database-url'] });
const admin = new pg.Client({ connectionString: server.url });
await admin.connect();
await admin.query('DROP DATABASE IF EXISTS jobmig_bench_review WITH (FORCE)');
await admin.query('CREATE DATABASE jobmig_bench_review');
await admin.end();
const pool = new pg.Pool({ connectionString: withDatabaseName(server.url, 'jobmig_bench_review') });
await migrate(pool, SCHEMA_DIR);
await runImport(pool, { jobsRoot: root });
const count = async (sql: string): Promise<number> => (await pool.query(sql)).rows[0].n;
const findings = await count('SELECT count(*)::int AS n FROM reconciliation');
const errors = await count("SELECT count(*)::int AS n FROM reconciliation WHERE severity = 'error'");
log(`${argv.jobs} jobs imported: ${findings} findings, ${errors} errors`);

const review = await startReviewServer({ pool, jobsRoot: root, reviewer: 'bench', log: () => {} });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
page.setDefaultTimeout(120_000);
const tally = { keys: 0, chars: 0, loads: 0, pagesRead: 0, rowsRead: 0, serverMs: [] as number[] };

/** The server's part of the page just loaded: request start to first response byte. */
async function loaded(p: Page): Promise<void> {
  await p.waitForLoadState('load');
  tally.loads++;
  const ms = await p.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return nav.responseStart - nav.requestStart;
  });
  tally.serverMs.push(ms);
}

async function key(k: string, navigates = false): Promise<void> {
  tally.keys++;
  if (!navigates) return page.keyboard.press(k);
  await Promise.all([page.waitForNavigation(), page.keyboard.press(k)]);
  await loaded(page);
}

/** Choosing a filter in the form: Tab to it, pick with arrow keys, Enter (counted as 3 keys). */
async function filterTo(search: string): Promise<void> {
  tally.keys += 3;
  await page.goto(`${new URL(review.url).origin}/${search}`);
  await loaded(page);
}

await page.goto(review.url);
await loaded(page);
// Errors: every open error group read in its list row (values shown) and acknowledged there.
await filterTo('?severity=error&size=500');
await key('j');
while ((await page.locator('tr[data-item]').count()) > 0) {
  tally.rowsRead++;
  await key('a', true);
}
// Warnings and info: per kind, one group opened and read, then the kind decided in bulk.
const kinds = await pool.query<{ kind: string }>(
  "SELECT DISTINCT kind FROM reconciliation WHERE status = 'open' AND severity <> 'error' ORDER BY kind",
);
for (const { kind } of kinds.rows) {
  await filterTo(`?kind=${kind}`);
  await key('j');
  await key('Enter', true);
  tally.pagesRead++;
  await page.locator('#back-to-list').focus();
  tally.keys += 1; // Tab to "back to the list"
  await key('Enter', true);
  await page.locator('#bulk-review').focus();
  tally.keys += 2; // Tab, Tab to the button
  await key('Enter', true);
  tally.pagesRead++;
  await page.locator('#confirm').focus();
  tally.keys += 1;
  await key('Enter', true);
}
const open = await count("SELECT count(*)::int AS n FROM reconciliation WHERE status = 'open'");
await browser.close();
await review.close();
await pool.end();
await server.close();
await rm(scratch, { recursive: true, force: true });

const sorted = [...tally.serverMs].sort((a, b) => a - b);
const pct = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
const seconds =
  tally.keys * COST.key + tally.chars * COST.char + tally.pagesRead * COST.page + tally.rowsRead * COST.row;
const result = {
  jobs: argv.jobs,
  findings,
  errors,
  errorGroupsRead: tally.rowsRead,
  open,
  actions: tally.keys,
  charsTyped: tally.chars,
  pageLoads: tally.loads,
  serverMsMedian: Math.round(pct(0.5)),
  serverMsP95: Math.round(pct(0.95)),
  personMinutes: Math.round(seconds / 6) / 10,
};
console.log(JSON.stringify(result, null, 2));

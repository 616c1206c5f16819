/**
 * npm run bench-review [--jobs N] [--seed S] [--database-url URL]: generates a store, imports it, and
 * drives Debian's Chromium with the keyboard only as a reviewer who reads every error-severity group
 * in the list (its values are in the row) and decides it there, and, per warning or info kind, opens
 * one group, reads it, and decides the kind in bulk. Prints actions (keys), characters typed, page
 * loads, server time per page (median, p95; the browser's request-to-first-byte on loopback) and the
 * estimated person time: 1.3 s a key, 0.28 s a character, 10 s to read a page, 3 s to read a row.
 * Before the drive, every kind of page is loaded 20 times with every finding open (the page sweep): its
 * server time, median and p95, per page kind, against the 300 ms p95 target. --no-drive stops after it;
 * --store DIR reuses (or creates) the generated store there.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
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
  .option('store', { type: 'string', describe: 'reuse (or create) the generated store here' })
  .option('sweep', { type: 'number', default: 20, describe: 'loads of each page kind before the drive' })
  .option('drive', { type: 'boolean', default: true, describe: 'drive the review (--no-drive: sweep only)' })
  .strict()
  .parseAsync();

const COST = { key: 1.3, char: 0.28, page: 10, row: 3 };
const log = (msg: string): void => console.error(`bench-review: ${msg}`);
const scratch = await mkdtemp(path.join(os.tmpdir(), 'jobmig-bench-review-'));
const root = path.resolve(argv.store ?? path.join(scratch, 'jobs'));
if (!(await stat(root).catch(() => null)))
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

/** Server ms of `times` loads of each page kind (median and p95), all findings still open. */
async function pageSweep(times: number): Promise<Record<string, { median: number; p95: number }>> {
  const origin = new URL(review.url).origin;
  await page.goto(`${origin}/?size=500`);
  const hrefOf = (sel: string): Promise<string> =>
    page.locator(sel).first().getAttribute('href') as Promise<string>;
  const group = await hrefOf('a[href^="/groups/"]');
  await page.goto(`${origin}/?view=findings`);
  const finding = await hrefOf('a[href^="/findings/"]');
  const job = await hrefOf('a[href^="/jobs/"]');
  const urls: Record<string, string> = {
    'list (groups, 50)': '/',
    'list (groups, 500)': '/?size=500',
    'list (findings, 50)': '/?view=findings',
    'list (findings, 500, by job)': '/?view=findings&size=500&sort=job',
    'list (errors)': '/?severity=error',
    'list (last page)': '/?view=findings&page=100',
    'list (text filter)': '/?view=findings&q=J0',
    group,
    finding,
    job,
    history: '/batches',
    'final report': '/report',
  };
  const out: Record<string, { median: number; p95: number }> = {};
  const stats = (ms: number[]): { median: number; p95: number } => {
    const s = [...ms].sort((a, b) => a - b);
    const at = (p: number): number => Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0);
    return { median: at(0.5), p95: at(0.95) };
  };
  for (const [name, href] of Object.entries(urls)) {
    const before = tally.serverMs.length;
    for (let i = 0; i < times; i++) {
      const response = await page.goto(`${origin}${href}`);
      if (!response?.ok()) throw new Error(`${href}: HTTP ${response?.status()}`);
      await loaded(page);
    }
    out[name] = stats(tally.serverMs.slice(before));
  }
  const before = tally.serverMs.length;
  for (let i = 0; i < times; i++) {
    await page.goto(`${origin}/?severity=warning`);
    await page.locator('#bulk-review').focus();
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await loaded(page);
  }
  out['confirmation (all warnings)'] = stats(tally.serverMs.slice(before));
  for (const [name, s] of Object.entries(out)) log(`sweep ${name}: ${s.median} / ${s.p95} ms`);
  return out;
}

await page.goto(review.url);
await loaded(page);
const sweep = await pageSweep(argv.sweep);
tally.serverMs.length = 0;
tally.loads = 0;
/** The reviewer's drive: errors read and decided in their rows, the other kinds in bulk. */
async function drive(): Promise<void> {
  // Errors: every open error group read in its list row (values shown) and acknowledged there.
  await filterTo('?severity=error&size=500');
  await key('j');
  while ((await page.locator('tr[data-item]').count()) > 0) {
    tally.rowsRead++;
    await key('a', true);
    if (tally.rowsRead % 50 === 0) log(`${tally.rowsRead} error groups decided`);
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
}

if (argv.drive) await drive();
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
  pageSweep: sweep,
};
console.log(JSON.stringify(result, null, 2));

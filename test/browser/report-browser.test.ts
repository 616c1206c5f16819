/**
 * The HTML report in a real browser (Debian's Chromium, never a downloaded one): it opens without
 * errors or network requests, the filter narrows the rows, and hostile legacy data stays text.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import test from 'ava';
import type { Page } from 'playwright-core';
import { runImport } from '../../src/import/run.ts';
import { browserTest, launchChromium } from '../helpers/browser.ts';
import { jobmig as runJobmig } from '../helpers/cli.ts';
import { useTestDatabase } from '../helpers/db.ts';
import { copyFixtures } from '../helpers/store.ts';

const SCRIPT_TAG = '<script>window.__pwned=1</script>';
const ATTRIBUTE_BREAK = '" onerror="window.__pwned=1';
const IMG_TAG = '<img src=x onerror=window.__pwned=1>';
const db = useTestDatabase(test);

async function jobmig(args: string[]): Promise<string> {
  const result = await runJobmig([...args, '--database-url', db().url]);
  if (result.code !== 0) throw new Error(`jobmig ${args[0]} exited ${result.code}: ${result.stderr}`);
  return result.stdout;
}

/** The fixtures with markup in J0009's record, so it lands in findings' source values and summaries. */
async function importHostileStore(root: string): Promise<void> {
  const recordPath = path.join(root, 'job_9e4f1b6a2d35', 'job_record.json');
  const record = JSON.parse(await readFile(recordPath, 'utf8'));
  await writeFile(
    recordPath,
    JSON.stringify({ ...record, tree_species: SCRIPT_TAG, customer_name: IMG_TAG }),
  );
  await runImport(db().pool, { jobsRoot: root });
}

const visibleRows = (page: Page): Promise<number> => page.locator('tr[data-row]:visible').count();
const text = (page: Page, selector: string): Promise<string> => page.locator(selector).innerText();

// Skipped, and reported as skipped, where Debian's chromium package is not installed.
browserTest(
  'the HTML report opens in Chromium, filters in place, and runs no script from the data',
  async (t) => {
    const store = await copyFixtures();
    const browser = await launchChromium();
    try {
      await importHostileStore(store.root);
      const { rows } = await db().pool.query(
        "SELECT id FROM reconciliation WHERE kind = 'geojson_drift' AND job_id = 'job_9e4f1b6a2d35'",
      );
      await jobmig([
        'findings',
        'ack',
        rows[0].id,
        '--note',
        `${ATTRIBUTE_BREAK} ${SCRIPT_TAG}`,
        '--by',
        IMG_TAG,
      ]);
      const file = path.join(store.root, '..', 'report.html');
      t.is(await jobmig(['report', file, '--status', 'all']), `wrote 19 finding(s) to ${file}\n`);

      const page = await browser.newPage();
      const problems: string[] = [];
      const pageUrl = pathToFileURL(file).href;
      page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
      page.on('console', (msg) => {
        if (msg.type() === 'error' || msg.type() === 'warning')
          problems.push(`console ${msg.type()}: ${msg.text()}`);
      });
      page.on('request', (request) => {
        if (request.url() !== pageUrl) problems.push(`request: ${request.url()}`);
      });
      await page.goto(pageUrl);

      // The 18 findings of the fixtures, plus J0009's customer now differing from its final.
      t.is(await visibleRows(page), 19);
      t.is(await text(page, '#shown-total'), '19');

      await page.fill('#filter-text', 'job_6c2d7e9f0a13');
      t.is(await visibleRows(page), 2);
      t.is(await text(page, '#shown-total'), '2');
      t.deepEqual(
        await page
          .locator('section[data-kind]:visible')
          .evaluateAll((s) => s.map((e) => e.getAttribute('data-kind'))),
        ['latest_round_mismatch'],
      );
      t.is(
        await text(page, '[data-shown-by="kind"][data-shown-value="latest_round_mismatch"] >> nth=0'),
        '2',
      );

      await page.fill('#filter-text', 'J0009 field_mismatch');
      t.is(await visibleRows(page), 2);
      await page.fill('#filter-text', 'no finding says this');
      t.is(await visibleRows(page), 0);
      t.true(await page.locator('#no-match').isVisible());

      await page.fill('#filter-text', '');
      await page.selectOption('#filter-kind', 'path_outside_job');
      t.is(await visibleRows(page), 2);
      t.is(await text(page, '#shown-total'), '2');
      t.is(await text(page, '[data-shown-by="severity"][data-shown-value="warning"]'), '2');
      t.is(await text(page, '[data-shown-by="severity"][data-shown-value="error"]'), '0');

      await page.selectOption('#filter-kind', '');
      await page.selectOption('#filter-status', 'acknowledged');
      t.is(await visibleRows(page), 1);
      await page.selectOption('#filter-status', '');
      t.is(await visibleRows(page), 19);

      t.is(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
      const body = await page.locator('body').innerText();
      for (const hostile of [SCRIPT_TAG, IMG_TAG, ATTRIBUTE_BREAK]) t.true(body.includes(hostile), hostile);
      t.is(await page.locator('img').count(), 0);
      t.is(await page.locator('script').count(), 2);

      const png = path.join(store.root, '..', 'report.png');
      await page.screenshot({ path: png, fullPage: true });
      const bytes = await readFile(png);
      t.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      t.is(bytes.subarray(12, 16).toString('latin1'), 'IHDR');
      t.true(
        bytes.readUInt32BE(16) >= 800 && bytes.readUInt32BE(20) >= 600,
        `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`,
      );
      t.true(bytes.length > 20_000, `${bytes.length} bytes`);

      t.deepEqual(problems, []);
    } finally {
      await browser.close();
      await store.cleanup();
    }
  },
);

/**
 * A review server over a test database and Debian's Chromium driving it (playwright-core), for the
 * browser tests: the session is signed in with the token and the reviewer named; axe-core can be
 * injected (the context bypasses the app's CSP for that script only: the app's own pages stay as
 * served). Skipped where /usr/bin/chromium is missing.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { TestFn } from 'ava';
import { type Browser, chromium, type Page } from 'playwright-core';
import type pg from 'pg';
import { type ReviewServer, startReviewServer } from '../../src/review/server.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

export interface ReviewSession {
  browser: Browser;
  page: Page;
  server: ReviewServer;
  base: string;
  close(): Promise<void>;
}

export async function openReviewSession(pool: pg.Pool, jobsRoot: string | null): Promise<ReviewSession> {
  const server = await startReviewServer({ pool, jobsRoot, log: () => {} });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  // Two shared cores: a page can take seconds under load; a step that never comes still fails.
  page.setDefaultTimeout(120_000);
  page.setDefaultNavigationTimeout(120_000);
  await page.goto(server.url);
  const base = new URL(server.url).origin;
  return {
    browser,
    page,
    server,
    base,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

/** Names the reviewer with the keyboard only: Tab to the name box, type, Enter. */
export async function nameReviewer(page: Page, name: string): Promise<void> {
  await page.locator('#reviewer-name').focus();
  await page.keyboard.type(name);
  await Promise.all([page.waitForURL(/./), page.keyboard.press('Enter')]);
  await page.waitForSelector(`#reviewer-name[value="${name}"]`);
}

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2 A and AA rules). */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (o: unknown) => Promise<{ violations: unknown[] }> } })
      .axe;
    const result = await axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'best-practice'] },
    });
    return result.violations as AxeViolation[];
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * `test.serial` where Chromium is installed (one browser at a time on a shared machine, and the
 * tests of a file share its database), else each test is reported as skipped.
 */
export const browserTest = <T>(test: TestFn<T>): TestFn<T> =>
  (hasChromium ? test.serial : test.skip) as TestFn<T>;

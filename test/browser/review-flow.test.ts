/**
 * The review at scale, in Debian's Chromium: a duplicate job number decided as one group with the
 * keyboard only, the next open item after a decision, the filter kept across every link, every
 * control labelled and reachable by Tab, and no serious axe-core violation on the list, finding,
 * group, job and confirmation pages. The database is checked after each decision.
 */
import test, { type ExecutionContext } from 'ava';
import type { Page } from 'playwright-core';
import { useTestDatabase } from '../helpers/db.ts';
import {
  browserTest,
  nameReviewer,
  openReviewSession,
  type ReviewSession,
  seriousViolations,
} from '../helpers/review-browser.ts';
import { FIXTURES } from '../helpers/store.ts';

// One import for the file; the tests run one after another, the read-only ones first.
const db = useTestDatabase(test, { importFrom: FIXTURES });
const btest = browserTest(test);
const imported = async (_t: unknown): Promise<string> => FIXTURES;

const statusOf = async (kind: string): Promise<{ review_status: string; review_note: string | null }[]> =>
  (
    await db().pool.query(
      'SELECT review_status, review_note FROM reconciliation WHERE kind = $1 ORDER BY job_id',
      [kind],
    )
  ).rows;

/** Presses keys one by one, waiting for a navigation where one is expected. */
async function press(page: Page, key: string, navigates = false): Promise<void> {
  if (!navigates) return page.keyboard.press(key);
  await Promise.all([page.waitForNavigation(), page.keyboard.press(key)]);
}

/** Every href on the page that leads to the list, a finding or a group. */
const flowLinks = (page: Page): Promise<string[]> =>
  page
    .locator('a[href]')
    .evaluateAll((links) =>
      links
        .map((a) => a.getAttribute('href')!)
        .filter((h) => /^\/(\?|#|$)|^\/(findings|groups)\//.test(h) && !/\/files\//.test(h)),
    );

btest('every link of the flow keeps the filter, and back to the list lands on the row', async (t) => {
  const s = await openReviewSession(db().pool, await imported(t));
  t.teardown(s.close);
  const { page } = s;
  const filter = 'view=findings&severity=warning&status=open&sort=job&size=100';
  await page.goto(`${s.base}/?${filter}`);
  const kept = (href: string): boolean => {
    const p = new URL(href, s.base).searchParams;
    return p.get('sort') === 'job' && p.get('size') === '100' && p.get('severity') === 'warning';
  };
  const onList = (await flowLinks(page)).filter((h) => !h.startsWith('/?') || h.includes('sort=job'));
  t.true(onList.length > 5);
  t.deepEqual(
    onList.filter((h) => h !== '/' && !kept(h)),
    [],
  );
  await page.click('tr[data-item="2"] a.open');
  for (const id of ['#back-to-list', '#nav-list', '#item-prev', '#item-next'])
    t.true(kept((await page.locator(id).getAttribute('href'))!), id);
  await page.click('#item-next');
  t.is(new URL(page.url()).searchParams.get('pos'), '3');
  await page.click('#back-to-list');
  t.true(kept(page.url()));
  t.regex(page.url(), /#item-3$/);
  t.is(await page.locator('tr.current').getAttribute('data-item'), '3');
});

/** The label of every visible form control, and which of them Tab reaches. */
async function controls(page: Page): Promise<{ unlabelled: string[]; unreached: string[] }> {
  const all = page.locator('input:not([type=hidden]):visible, select:visible, textarea:visible');
  const unlabelled = await all.evaluateAll((els) =>
    els
      .filter((el) => {
        const e = el as HTMLInputElement;
        return !(e.labels?.length || e.getAttribute('aria-label') || e.getAttribute('aria-labelledby'));
      })
      .map((el) => el.outerHTML.slice(0, 80)),
  );
  await page.evaluate(() => {
    for (const el of document.querySelectorAll('input, select, textarea')) el.removeAttribute('data-reached');
    document.addEventListener('focusin', (e) => (e.target as Element).setAttribute('data-reached', '1'));
  });
  await page.locator('body').focus();
  const left = (): Promise<string[]> =>
    all.evaluateAll((els) =>
      els.filter((el) => !el.hasAttribute('data-reached')).map((el) => el.outerHTML.slice(0, 80)),
    );
  // Tab on until every control has had the focus (or 300 Tabs, the page's every stop and more).
  let unreached = await left();
  for (let i = 0; i < 300 && unreached.length > 0; i++) {
    await page.keyboard.press('Tab');
    if (i % 20 === 19) unreached = await left();
  }
  unreached = await left();
  return { unlabelled, unreached };
}

async function a11ySession(t: ExecutionContext): Promise<[ReviewSession, (what: string) => Promise<void>]> {
  const s = await openReviewSession(db().pool, FIXTURES);
  t.teardown(s.close);
  await nameReviewer(s.page, 'Kim');
  const check = async (what: string): Promise<void> => {
    t.deepEqual(await seriousViolations(s.page), [], what);
    const c = await controls(s.page);
    t.deepEqual(c.unlabelled, [], `${what}: unlabelled`);
    t.deepEqual(c.unreached, [], `${what}: not reached by Tab`);
  };
  return [s, check];
}

btest(
  'list pages: no serious axe violation, a skip link, every control labelled and reached by Tab',
  async (t) => {
    const [s, check] = await a11ySession(t);
    await s.page.goto(`${s.base}/`);
    await s.page.locator('a.skip').focus();
    t.is(await s.page.evaluate(() => document.activeElement?.textContent), 'Skip to the content');
    await check('list of groups');
    await s.page.goto(`${s.base}/?view=findings&status=`);
    await check('list of findings');
  },
);

btest('finding and group pages: no serious axe violation, every control labelled and reached', async (t) => {
  const [s, check] = await a11ySession(t);
  await s.page.goto(`${s.base}/?view=findings&status=`);
  await s.page.click('tr[data-item="0"] a.open');
  await check('finding page');
  await s.page.goto(`${s.base}/?kind=duplicate_job_number`);
  await s.page.click('tr[data-item="0"] a.open');
  await check('group page');
});

btest(
  'job, confirmation, final report and history pages: no serious axe violation, every control labelled and reached',
  async (t) => {
    const [s, check] = await a11ySession(t);
    await s.page.goto(`${s.base}/jobs/job_a5c8d2e7f146`);
    await check('job page');
    await s.page.goto(`${s.base}/?kind=path_outside_job`);
    await s.page.click('#bulk-review');
    t.regex(await s.page.locator('#breakdown').innerText(), /^2 finding\(s\): 2 warning/);
    await check('confirmation page');
    await s.page.goto(`${s.base}/report`);
    t.is(await s.page.locator('#downloads a').count(), 3);
    await check('final report page');
    await s.page.goto(`${s.base}/batches`);
    await check('history page');
  },
);

btest('a duplicate job number is decided as one group with the keyboard only', async (t) => {
  const s = await openReviewSession(db().pool, await imported(t));
  t.teardown(s.close);
  const { page } = s;
  await nameReviewer(page, 'Kim');
  await page.goto(`${s.base}/?kind=duplicate_job_number`);
  t.is(await page.locator('tr[data-item]').count(), 1, 'the two folders of J0010 are one row');
  t.regex(await page.locator('tr[data-item] td').nth(5).innerText(), /2 findings, 2 job\(s\)/);
  await press(page, 'j');
  await press(page, 'Enter', true);
  // The group is the registry's cause key: the kind and the job number.
  t.regex(
    page.url(),
    /\/groups\/duplicate_job_number%20%5B%22J0010%22%5D\?kind=duplicate_job_number&status=open&pos=0$/,
  );
  t.is(await page.locator('#member-count').innerText(), '2');
  t.is((await page.locator('#members a[href="/jobs/job_e7f8a9b0c1d2"]').count()) > 0, true);
  t.is((await page.locator('#members a[href="/jobs/job_a5c8d2e7f146"]').count()) > 0, true);
  await press(page, 'n');
  await page.keyboard.type('one job, copied folder');
  await press(page, 'Escape');
  await press(page, 'a', true);
  t.regex(page.url(), /done=acknowledged&n=2/);
  t.deepEqual(await statusOf('duplicate_job_number'), [
    { review_status: 'acknowledged', review_note: 'one job, copied folder' },
    { review_status: 'acknowledged', review_note: 'one job, copied folder' },
  ]);
  const events = await db().pool.query(
    'SELECT count(*)::int AS n, count(DISTINCT batch_id)::int AS batches FROM finding_events WHERE kind = $1',
    ['duplicate_job_number'],
  );
  t.deepEqual(events.rows[0], { n: 2, batches: 1 }, 'one event per finding of the group, one batch');
});

btest('after a decision the next open item of the same filter opens', async (t) => {
  const s = await openReviewSession(db().pool, await imported(t));
  t.teardown(s.close);
  const { page } = s;
  await nameReviewer(page, 'Kim');
  await page.goto(`${s.base}/?severity=error`);
  const second = await page.locator('tr[data-item="1"] a.open').getAttribute('href');
  await press(page, 'j');
  await press(page, 'Enter', true);
  const decided = new URL(page.url()).pathname;
  const members = await page
    .locator('#members tr[data-member]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-member')));
  await press(page, 'r', true);
  const landed = new URL(page.url());
  t.not(landed.pathname, decided);
  t.is(landed.pathname, new URL(second!, s.base).pathname, 'the item that was second is now first');
  t.is(landed.searchParams.get('severity'), 'error');
  t.is(landed.searchParams.get('pos'), '0');
  const { rows } = await db().pool.query('SELECT DISTINCT status FROM reconciliation WHERE id = ANY ($1)', [
    members,
  ]);
  t.deepEqual(rows, [{ status: 'resolved' }]);
});

btest('a bulk decision is undone from its confirmation notice; the history lists both batches', async (t) => {
  const s = await openReviewSession(db().pool, FIXTURES);
  t.teardown(s.close);
  const { page } = s;
  await nameReviewer(page, 'Kim');
  const state = async (): Promise<unknown[]> =>
    (
      await db().pool.query(
        "SELECT review_status, review_note, reviewed_by FROM reconciliation WHERE kind = 'latest_round_mismatch' ORDER BY id",
      )
    ).rows;
  const before = await state();
  await page.goto(`${s.base}/?kind=latest_round_mismatch`);
  await page.selectOption('#bulk-decision', 'resolve');
  await page.fill('#bulk-note', 'final wins');
  await page.click('#bulk-review');
  t.regex(await page.locator('#breakdown').innerText(), /^4 finding\(s\): 4 warning/);
  await page.click('#confirm');
  await page.waitForURL(/done=resolved&n=4&batch=\d+/);
  const batch = new URL(page.url()).searchParams.get('batch')!;
  t.is(await page.locator('#notice').innerText(), `Resolved 4 finding(s) (batch ${batch}).`);
  t.deepEqual(
    await state(),
    before.map(() => ({ review_status: 'resolved', review_note: 'final wins', reviewed_by: 'Kim' })),
  );
  await page.click('#undo');
  await page.waitForURL(/\/batches\?undone=/);
  t.is(await page.locator('#notice').innerText(), `Undid batch ${batch}: 4 finding(s) restored.`);
  t.deepEqual(await state(), before, 'every finding as it was before the batch');
  t.regex(await page.locator(`tr[data-batch="${batch}"]`).innerText(), /Kim\s+web\s+filter\s+resolved\s+4/);
  t.regex(await page.locator(`tr[data-batch="${batch}"]`).innerText(), /undone by batch \d+/);
  const undo = await db().pool.query(
    'SELECT scope, undoes::text FROM finding_batches WHERE undoes = $1::bigint',
    [batch],
  );
  t.deepEqual(undo.rows, [{ scope: 'undo', undoes: batch }]);
});

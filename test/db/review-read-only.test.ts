/**
 * The review app as a role that can only SELECT: every page says it is read-only and offers no
 * decision; a decision POST (one finding, a group, the selection, a bulk confirmation) gets a 403
 * that says the role can only read, and nothing in the database changes.
 */
import test from 'ava';
import { openDatabase } from '../../src/db/connection.ts';
import { startReviewServer } from '../../src/review/server.ts';
import { useTestDatabase } from '../helpers/db.ts';
import { form, type HttpResult, request } from '../helpers/http.ts';
import { selectOnlyRole } from '../helpers/reader.ts';
import { FIXTURES } from '../helpers/store.ts';

const db = useTestDatabase(test, { importFrom: FIXTURES });

test('a SELECT-only role sees read-only pages without decisions, and a decision POST gets a 403', async (t) => {
  const reader = await selectOnlyRole(t, db());
  const conn = await openDatabase({ databaseUrl: reader.url, log: () => {} });
  t.teardown(() => conn.close());
  const server = await startReviewServer({ pool: conn.pool, jobsRoot: FIXTURES, log: () => {} });
  t.teardown(() => server.close());
  const base = new URL(server.url).origin;
  const cookie = String((await request(server.url)).headers['set-cookie']?.[0]).split(';')[0]!;
  const get = (p: string): Promise<HttpResult> => request(`${base}${p}`, { headers: { cookie } });
  const { rows } = await db().pool.query(
    "SELECT id FROM reconciliation WHERE kind = 'field_mismatch' ORDER BY id LIMIT 1",
  );
  const id: string = rows[0].id;

  const pages = ['/', '/?view=findings', `/findings/${id}`, '/?kind=duplicate_job_number'];
  for (const p of pages) {
    const page = await get(p);
    t.is(page.status, 200, p);
    t.regex(page.text, new RegExp(`id="read-only">Read-only: role ${reader.name} can only read`), p);
    t.notRegex(page.text, /id="decide-ack"|id="bulk-review"|id="decide-selected"|data-decide=/, p);
  }

  // The name box (no --reviewer) is the one form a read-only page keeps: its CSRF token.
  const csrf = /name="_csrf" value="([^"]+)"/.exec((await get('/')).text)?.[1] ?? '';
  const before = await db().pool.query('SELECT id, review_status FROM reconciliation ORDER BY id');
  const headers = { cookie, origin: base, 'content-type': 'application/x-www-form-urlencoded' };
  for (const [p, fields] of [
    [`/findings/${id}/decide`, { decision: 'ack' }],
    ['/selected/decide', { decision: 'resolve', id }],
    ['/bulk/confirm', { decision: 'ack', kind: 'field_mismatch' }],
    ['/bulk', { decision: 'ack', kind: 'field_mismatch', expected: '1' }],
  ] as const) {
    const r = await request(`${base}${p}`, {
      method: 'POST',
      headers,
      body: form({ _csrf: csrf, ...fields }),
    });
    t.is(r.status, 403, p);
    t.regex(r.text, new RegExp(`role ${reader.name} can only read`), p);
  }
  const after = await db().pool.query('SELECT id, review_status FROM reconciliation ORDER BY id');
  t.deepEqual(after.rows, before.rows);
});

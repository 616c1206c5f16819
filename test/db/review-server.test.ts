/**
 * The review server over plain HTTP against a real PostgreSQL: it listens on 127.0.0.1 only, refuses
 * requests without the token, another Host, POSTs without the CSRF token or from another origin, and
 * oversized bodies; it lists no directory and serves files only as artifact rows of the finding's job,
 * through the jobs-root code (a planted link is refused).
 */
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { readFile, rm, symlink } from 'node:fs/promises';
import test from 'ava';
import { type ReviewServer, startReviewServer } from '../../src/review/server.ts';
import { csvRecords } from '../helpers/csv.ts';
import { form, type HttpResult, request } from '../helpers/http.ts';
import { useFixturesWithDatabase } from '../helpers/fixture-db.ts';

let server: ReviewServer;
let base = '';
let cookie = '';
let csrf = '';

// Serial hooks run in the order declared: the server closes before its database is dropped.
test.serial.after.always(async () => {
  await server?.close();
});
const fx = useFixturesWithDatabase(test, { imported: true });

test.serial.before(async () => {
  server = await startReviewServer({ pool: fx.db.pool, jobsRoot: fx.root, log: () => {} });
  base = `http://${server.host}:${server.port}`;
  const first = await request(server.url);
  cookie = setCookie(first);
  csrf = /name="_csrf" value="([^"]+)"/.exec((await get('/')).text)![1]!;
});

/** The name=value of the response's first Set-Cookie. */
const setCookie = (r: HttpResult): string => String(r.headers['set-cookie']?.[0]).split(';')[0]!;

/** A session of its own (a fresh login with the printed URL): its reviewer starts unset. */
const newSession = async (): Promise<string> => setCookie(await request(server.url));

const get = (p: string, headers: Record<string, string> = {}): Promise<HttpResult> =>
  request(`${base}${p}`, { headers: { cookie, ...headers } });

function post(
  p: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<HttpResult> {
  return request(`${base}${p}`, {
    method: 'POST',
    body: form(fields),
    headers: { cookie, origin: base, 'content-type': 'application/x-www-form-urlencoded', ...headers },
  });
}

async function findingId(kind: string): Promise<string> {
  const { rows } = await fx.db.pool.query(
    'SELECT id FROM reconciliation WHERE kind = $1 ORDER BY id LIMIT 1',
    [kind],
  );
  return rows[0].id;
}

/** How a TCP connection attempt ends: 'connected' or the error code. */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: 3000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

const OWN_ADDRESS =
  'listens on a loopback address of its own, printed in the URL; 127.0.0.1 and others refuse';

test.serial(OWN_ADDRESS, async (t) => {
  t.regex(server.host, /^127\.\d+\.\d+\.\d+$/);
  t.not(server.host, '127.0.0.1');
  t.is(new URL(server.url).hostname, server.host);
  t.is(server.address().address, server.host);
  t.is(await tryConnect(server.host, server.port), 'connected');
  // Link-local IPv6 addresses need their interface named.
  const others = Object.entries(os.networkInterfaces()).flatMap(([name, addresses]) =>
    (addresses ?? []).map((a) => (a.address.startsWith('fe80:') ? `${a.address}%${name}` : a.address)),
  );
  const tried = ['127.0.0.2', ...others].filter((a) => a !== server.host);
  t.log(`refused on ${tried.join(', ')}`);
  for (const address of tried) t.is(await tryConnect(address, server.port), 'ECONNREFUSED', address);
});

test.serial(
  'without the token every request is refused; the token becomes an HttpOnly SameSite=Strict cookie',
  async (t) => {
    for (const p of ['/', '/findings/x', '/assets/review.css', '/jobs/job_1']) {
      const refused = await request(`${base}${p}`);
      t.is(refused.status, 403, p);
      t.false(refused.text.includes('finding'), p);
    }
    t.is((await request(`${base}/?token=wrong`)).status, 403);
    t.is(
      (await request(`${base}/`, { headers: { cookie: `jobmig_review_${server.port}=wrong` } })).status,
      403,
    );
    const first = await request(`${server.url}&kind=geojson_drift`);
    t.is(first.status, 303);
    t.is(first.headers.location, '/?kind=geojson_drift');
    t.regex(
      first.headers['set-cookie']![0]!,
      /^jobmig_review_\d+=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict$/,
    );
    t.is((await get('/')).status, 200);
  },
);

test.serial('another Host is refused (DNS rebinding), and pages carry a strict CSP', async (t) => {
  const rebound = await get('/', { host: `attacker.example:${server.port}` });
  t.is(rebound.status, 421);
  const page = await get('/');
  const csp = String(page.headers['content-security-policy']);
  t.regex(csp, /default-src 'none'/);
  t.regex(csp, /script-src 'self'(;|$)/);
  t.false(csp.includes('unsafe'));
  t.is(page.headers['x-content-type-options'], 'nosniff');
  t.is(page.headers['cache-control'], 'no-store');
});

test.serial(
  'the final report page counts every status per kind; the complete report downloads in each format',
  async (t) => {
    const { rows } = await fx.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM reconciliation');
    const summary = await get('/report');
    t.is(summary.status, 200);
    t.regex(summary.text, /<table id="report-counts">/);
    const totals = [...summary.text.matchAll(/<td class="num">(\d+)<\/td><\/tr>/g)].map((m) => Number(m[1]));
    t.is(
      totals.reduce((a, b) => a + b, 0),
      rows[0]!.n,
    );
    for (const format of ['html', 'csv', 'md'])
      t.regex(summary.text, new RegExp(`href="/report/report\\.${format}"`));

    const csv = await get('/report/report.csv');
    t.is(csv.status, 200);
    t.is(csv.headers['content-disposition'], 'attachment; filename="report.csv"');
    t.regex(String(csv.headers['content-type']), /^text\/csv/);
    t.is(csvRecords(csv.text).length, rows[0]!.n);
    const html = await get('/report/report.html');
    t.regex(html.text, /<h1>Discrepancy report<\/h1>/);
    t.regex(String(html.headers['content-security-policy']), /default-src 'none'/);
    t.is((await get('/report/report.txt')).status, 404);
    t.is((await get('/report/..%2Fetc%2Fpasswd')).status, 404);
  },
);

test.serial(
  'a POST without the CSRF token, or from another origin, is refused and changes nothing',
  async (t) => {
    const id = await findingId('geojson_drift');
    const before = await fx.db.pool.query('SELECT review_status FROM reconciliation WHERE id = $1', [id]);
    await post('/reviewer', { _csrf: csrf, reviewer: 'rae', back: '/' });
    const noToken = await post(`/findings/${id}/decide`, { decision: 'ack', note: 'x' });
    t.is(noToken.status, 403);
    const wrong = await post(`/findings/${id}/decide`, { _csrf: 'nope', decision: 'ack' });
    t.is(wrong.status, 403);
    const crossSite = await post(
      `/findings/${id}/decide`,
      { _csrf: csrf, decision: 'ack' },
      { origin: 'http://evil.example' },
    );
    t.is(crossSite.status, 403);
    const json = await request(`${base}/findings/${id}/decide`, {
      method: 'POST',
      body: JSON.stringify({ _csrf: csrf, decision: 'ack' }),
      headers: { cookie, origin: base, 'content-type': 'application/json' },
    });
    t.is(json.status, 403);
    t.deepEqual(
      (await fx.db.pool.query('SELECT review_status FROM reconciliation WHERE id = $1', [id])).rows,
      before.rows,
    );
  },
);

test.serial(
  'decisions need a reviewer, are recorded with one event each, and bodies are capped',
  async (t) => {
    const id = await findingId('field_mismatch');
    const headers = { cookie: await newSession() };
    const anonymous = await post(`/findings/${id}/decide`, { _csrf: csrf, decision: 'ack' }, headers);
    t.is(anonymous.status, 400);
    t.regex(anonymous.text, /say who you are first/);
    const back = '//evil.example/';
    const named = await post('/reviewer', { _csrf: csrf, reviewer: 'Rae <b>', back }, headers);
    t.is(named.status, 303);
    t.is(named.headers.location, '/');
    t.is(named.headers['set-cookie'], undefined, 'the name is kept server-side, not in a cookie');
    const done = await post(
      `/findings/${id}/decide`,
      { _csrf: csrf, decision: 'resolve', note: 'ok' },
      headers,
    );
    t.is(done.status, 303);
    // The next open finding of the same (default) filter opens, with the notice.
    const next = /^\/findings\/(F[0-9a-f]{15})\?view=findings&status=open&pos=0&done=resolved&n=1$/.exec(
      String(done.headers.location),
    );
    t.truthy(next, String(done.headers.location));
    t.not(next![1], id);
    const { rows: nextRows } = await fx.db.pool.query('SELECT status FROM reconciliation WHERE id = $1', [
      next![1],
    ]);
    t.is(nextRows[0].status, 'open');
    const { rows } = await fx.db.pool.query(
      'SELECT * FROM finding_events WHERE finding_id = $1 ORDER BY id',
      [id],
    );
    t.like(rows.at(-1)!, { review_status: 'resolved', note: 'ok', reviewed_by: 'Rae <b>', via: 'web' });
    const page = await get(`/findings/${id}?done=resolved&n=1`, headers);
    t.true(page.text.includes('Rae &lt;b&gt;'));
    t.regex(page.text, /Resolved 1 finding\(s\)\./);
    const big = await post(
      `/findings/${id}/decide`,
      { _csrf: csrf, decision: 'ack', note: 'x'.repeat(100_000) },
      headers,
    );
    t.is(big.status, 413);
  },
);

test.serial(
  'bulk: the confirmation shows the count; a changed count is refused and changes nothing',
  async (t) => {
    const headers = { cookie: await newSession() };
    await post('/reviewer', { _csrf: csrf, reviewer: 'sam', back: '/' }, headers);
    const filter = { kind: 'latest_round_mismatch', severity: '', status: '', job: '', q: '' };
    const confirm = await post(
      '/bulk/confirm',
      { _csrf: csrf, ...filter, decision: 'ack', note: 'n' },
      headers,
    );
    t.is(confirm.status, 200);
    t.regex(confirm.text, /<strong id="confirm-count">4<\/strong>/);
    const stale = await post(
      '/bulk',
      { _csrf: csrf, ...filter, decision: 'ack', note: 'n', expected: '3' },
      headers,
    );
    t.is(stale.status, 409);
    t.regex(stale.text, /4 finding\(s\) match now, not the 3 confirmed/);
    const { rows } = await fx.db.pool.query(
      "SELECT count(*)::int AS n FROM reconciliation WHERE kind = 'latest_round_mismatch' AND review_status <> 'open'",
    );
    t.is(rows[0].n, 0);
    const applied = await post(
      '/bulk',
      { _csrf: csrf, ...filter, decision: 'ack', note: 'n', expected: '4' },
      headers,
    );
    t.is(applied.status, 303);
    t.regex(
      String(applied.headers.location),
      /^\/\?kind=latest_round_mismatch&status=&done=acknowledged&n=4&batch=\d+$/,
    );
  },
);

test.serial(
  'no directory listing, no path from the request: files only as artifact rows of the finding',
  async (t) => {
    for (const p of [
      '/assets/',
      '/assets',
      '/assets/..%2fapp.ts',
      '/assets/%2e%2e/app.ts',
      '/src/',
      '/jobs/',
    ]) {
      t.is((await get(p)).status, 404, p);
    }
    const id = await findingId('final_round_missing');
    const { rows } = await fx.db.pool.query('SELECT job_id, paths FROM reconciliation WHERE id = $1', [id]);
    const finalPath = rows[0].paths[0] as string;
    const served = await get(`/findings/${id}/files/0`);
    t.is(served.status, 200);
    t.is(served.headers['content-type'], 'text/plain; charset=utf-8');
    t.regex(String(served.headers['content-security-policy']), /sandbox/);
    t.deepEqual(served.body, await readFile(path.join(fx.root, finalPath)));
    for (const p of ['1', '99', '..%2f..%2fetc%2fpasswd', '-1', '0.0']) {
      t.is((await get(`/findings/${id}/files/${p}`)).status, 404, p);
    }
    const record = await get(`/findings/${await findingId('missing_job_record')}/files/0`);
    t.is(record.status, 404, 'job_record.json is a table row, not an artifact');
    t.is((await get('/jobs/job_4a1f0c2b9e01/images/..%2f..%2fjob_record.json')).status, 404);

    await rm(path.join(fx.root, finalPath));
    await symlink('/etc/passwd', path.join(fx.root, finalPath));
    const planted = await get(`/findings/${id}/files/0`);
    t.is(planted.status, 404);
    t.regex(planted.text, /symbolic link: refused/);
    t.false(planted.text.includes('root:'));
  },
);

test.serial('markup in finding values and notes stays text in the pages', async (t) => {
  const id = await findingId('identity_mismatch');
  await fx.db.pool.query(
    `UPDATE reconciliation SET summary = '<script>alert(1)</script>', review_note = '<img src=x onerror=alert(1)>',
       source_values = source_values || '{"<b>src</b>": "\\"><svg onload=alert(1)>"}' WHERE id = $1`,
    [id],
  );
  const finding = (await get(`/findings/${id}`)).text;
  t.false(/<script>alert|<img src=x|<svg|<b>src/.test(finding));
  t.true(finding.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  t.true(finding.includes('&quot;&gt;&lt;svg onload=alert(1)&gt;'));
  const list = (await get('/?status=&q=%3Cscript%3E')).text;
  t.regex(list, /<strong id="total">1<\/strong>/);
  t.false(list.includes('<script>alert'));
});

test.serial(
  'the Finding page shows JSON files that became rows as imported, the disagreeing value marked',
  async (t) => {
    const { rows } = await fx.db.pool.query(
      "SELECT id, source_values->>'stored_path' AS stored FROM reconciliation WHERE kind = 'path_outside_job' AND job_id = $1",
      ['job_9e4f1b6a2d35'],
    );
    const page = (await get(`/findings/${rows[0].id}`)).text;
    t.regex(page, /as imported: this file becomes a table row, not an artifact/);
    t.true(page.includes(`<mark>&quot;${rows[0].stored}&quot;</mark>`), rows[0].stored);
    t.regex(page, /not an artifact row of this job: not served/);
  },
);

test.serial('a reviewer cookie set from outside does not change the recorded reviewed_by', async (t) => {
  const { rows: own } = await fx.db.pool.query(
    `SELECT id FROM reconciliation
     WHERE kind NOT IN ('geojson_drift', 'field_mismatch', 'latest_round_mismatch') ORDER BY id LIMIT 1`,
  );
  const id = own[0].id as string; // a finding no other test decides
  const session = await newSession();
  await post('/reviewer', { _csrf: csrf, reviewer: 'rae', back: '/' }, { cookie: session });
  // Another local web server can set cookies for this host (cookies ignore ports): it tries to decide who.
  const forged = `${session}; jobmig_reviewer_${server.port}=mallory; reviewer=mallory`;
  const done = await post(
    `/findings/${id}/decide`,
    { _csrf: csrf, decision: 'ack', note: 'x' },
    { cookie: forged },
  );
  t.is(done.status, 303);
  const { rows } = await fx.db.pool.query(
    'SELECT reviewed_by AS who FROM finding_events WHERE finding_id = $1 ORDER BY id DESC LIMIT 1',
    [id],
  );
  t.is(rows[0]?.who, 'rae');
  // A session that never named its reviewer is not given one by a cookie either.
  const anonymous = await post(
    `/findings/${id}/decide`,
    { _csrf: csrf, decision: 'resolve', note: 'x' },
    { cookie: `${await newSession()}; jobmig_reviewer_${server.port}=mallory` },
  );
  t.is(anonymous.status, 400);
});

test.serial(
  'the login redirect after ?token= stays on this server, whatever the path looks like',
  async (t) => {
    const token = new URL(server.url).searchParams.get('token')!;
    for (const p of ['//evil.example/', '/\\evil.example/', '///evil.example/x?y=1']) {
      const r = await request(`${base}${p}${p.includes('?') ? '&' : '?'}token=${token}`);
      t.is(r.status, 303, p);
      const location = String(r.headers.location);
      t.is(new URL(location, base).origin, base, `${p} -> ${location}`);
      t.false(location.startsWith('//'), p);
      t.false(location.includes(token), p);
    }
  },
);

test.serial('a path with NUL or terminal escapes answers 404, and nothing raw reaches the log', async (t) => {
  const lines: string[] = [];
  const own = await startReviewServer({ pool: fx.db.pool, jobsRoot: fx.root, log: (l) => lines.push(l) });
  t.teardown(() => own.close());
  const ownBase = `http://${own.host}:${own.port}`;
  const session = setCookie(await request(own.url));
  const { rows } = await fx.db.pool.query('SELECT job_id FROM jobs ORDER BY job_id LIMIT 1');
  const job = rows[0].job_id as string;
  for (const p of [`/jobs/${job}%00`, `/jobs/${job}%1b%5d0%3bPWNED%07`, '/findings/%1b%5b2J', '/jobs/%0a']) {
    const r = await request(`${ownBase}${p}`, { headers: { cookie: session } });
    t.is(r.status, 404, p);
    t.false(/\p{Cc}/u.test(r.text.replace(/\n/g, '')), p);
  }
  t.is((await request(`${ownBase}/jobs/${job}`, { headers: { cookie: session } })).status, 200);
  t.false(
    lines.some((l) => /\p{Cc}/u.test(l)),
    lines.join('\n'),
  );
});

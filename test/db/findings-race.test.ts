/**
 * Two bulk confirmations of one filter at once (issue 20 §3): another connection holds the findings'
 * row locks while two decisions on the same filter and count queue behind them; once it lets go,
 * exactly one applies and the other changes nothing and says the set changed: through the CLI
 * (`findings ack|resolve --yes`, exit 1) and through the review app's POST /bulk (409, asked again).
 */
import test from 'ava';
import type pg from 'pg';
import { type ReviewServer, startReviewServer } from '../../src/review/server.ts';
import { jobmig } from '../helpers/cli.ts';
import { form, type HttpResult, request } from '../helpers/http.ts';
import { eventually } from '../helpers/poll.ts';
import { useFixturesWithDatabase } from '../helpers/fixture-db.ts';

const fx = useFixturesWithDatabase(test, { imported: true });

const KIND = 'latest_round_mismatch';

const reset = () =>
  fx.db.pool.query(
    "UPDATE reconciliation SET review_status = 'open', review_note = NULL, reviewed_by = NULL",
  );

/** Another session holding the row locks of every finding of KIND until `release`. */
async function holdLocks(): Promise<{ release: () => Promise<void> }> {
  const holder = await fx.db.pool.connect();
  await holder.query('BEGIN');
  await holder.query('SELECT id FROM reconciliation WHERE kind = $1 FOR UPDATE', [KIND]);
  return {
    release: async () => {
      await holder.query('ROLLBACK');
      holder.release();
    },
  };
}

/** Polls until `n` sessions of this database wait on a lock (60 s: two CLIs start from source). */
function waitForWaiters(pool: pg.Pool, n: number): Promise<true> {
  return eventually(
    `${n} sessions waiting on a row lock`,
    async () => {
      const { rows } = await pool.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      return rows[0].n >= n;
    },
    { timeoutMs: 60_000, everyMs: 50 },
  );
}

/** Per finding of KIND: its events; and the batches recorded. */
async function decisionsRecorded(): Promise<{ perFinding: number[]; batches: number; statuses: string[] }> {
  const { rows } = await fx.db.pool.query(
    `SELECT r.id, r.review_status, (SELECT count(*)::int FROM finding_events e WHERE e.finding_id = r.id) AS n
     FROM reconciliation r WHERE r.kind = $1 ORDER BY r.id`,
    [KIND],
  );
  const batches = (await fx.db.pool.query('SELECT count(*)::int AS n FROM finding_batches')).rows[0].n;
  return {
    perFinding: rows.map((r) => r.n),
    batches,
    statuses: [...new Set(rows.map((r) => r.review_status))],
  };
}

async function cliRace(t: import('ava').ExecutionContext, filter: string[]): Promise<void> {
  await reset();
  const before = await decisionsRecorded();
  const locks = await holdLocks();
  const url = ['--database-url', fx.db.url];
  const ack = jobmig(['findings', 'ack', ...filter, '--yes', '--by', 'ana', ...url]);
  const resolve = jobmig(['findings', 'resolve', ...filter, '--yes', '--by', 'bo', ...url]);
  try {
    await waitForWaiters(fx.db.pool, 2);
  } finally {
    await locks.release();
  }
  const results = await Promise.all([ack, resolve]);
  const codes = results.map((r) => r.code).sort();
  t.deepEqual(codes, [0, 1], results.map((r) => r.stderr).join('\n'));
  const loser = results.find((r) => r.code === 1)!;
  t.regex(loser.stderr, /nothing changed; run it again/);
  t.is(loser.stdout, '');
  const after = await decisionsRecorded();
  t.deepEqual(
    after.perFinding.map((n, i) => n - before.perFinding[i]!),
    before.perFinding.map(() => 1),
    'exactly one event per finding',
  );
  t.is(after.batches - before.batches, 1);
  t.is(after.statuses.length, 1, 'every finding got the one decision that applied');
}

test.serial(
  'CLI: two bulk decisions on --status open queued behind row locks: one applies, one exits 1',
  async (t) => {
    await cliRace(t, ['--kind', KIND, '--status', 'open']);
  },
);

test.serial(
  'CLI: the same race on a filter without a status: the later one sees the decided set',
  async (t) => {
    await cliRace(t, ['--kind', KIND]);
  },
);

test.serial(
  'web: two POST /bulk on one filter and count behind row locks: one applies, one answers 409',
  async (t) => {
    await reset();
    const server: ReviewServer = await startReviewServer({
      pool: fx.db.pool,
      jobsRoot: fx.root,
      log: () => {},
    });
    t.teardown(() => server.close());
    const base = `http://${server.host}:${server.port}`;
    const first = await request(server.url);
    const token = String(first.headers['set-cookie']?.[0]).split(';')[0]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(
      (await request(`${base}/`, { headers: { cookie: token } })).text,
    )![1]!;
    const post = (p: string, fields: Record<string, string>, cookie: string): Promise<HttpResult> =>
      request(`${base}${p}`, {
        method: 'POST',
        body: form({ _csrf: csrf, ...fields }),
        headers: { cookie, origin: base, 'content-type': 'application/x-www-form-urlencoded' },
      });
    const named = await post('/reviewer', { reviewer: 'web-sam', back: '/' }, token);
    const cookie = `${token}; ${String(named.headers['set-cookie']?.[0]).split(';')[0]}`;
    const filter = { kind: KIND, status: 'open', severity: '', job: '', q: '' };
    const confirm = await post('/bulk/confirm', { ...filter, decision: 'ack' }, cookie);
    const count = /id="confirm-count">(\d+)</.exec(confirm.text)![1]!;
    const version = /name="version" value="([^"]*)"/.exec(confirm.text)?.[1] ?? '';
    const before = await decisionsRecorded();

    const locks = await holdLocks();
    const ack = post('/bulk', { ...filter, decision: 'ack', expected: count, version }, cookie);
    const resolve = post('/bulk', { ...filter, decision: 'resolve', expected: count, version }, cookie);
    await waitForWaiters(fx.db.pool, 2);
    await locks.release();
    const results = await Promise.all([ack, resolve]);
    t.deepEqual(results.map((r) => r.status).sort(), [303, 409]);
    t.regex(results.find((r) => r.status === 409)!.text, /Confirm again/);
    const after = await decisionsRecorded();
    t.deepEqual(
      after.perFinding.map((n, i) => n - before.perFinding[i]!),
      before.perFinding.map(() => 1),
    );
    t.is(after.batches - before.batches, 1);
    t.is(after.statuses.length, 1);
  },
);

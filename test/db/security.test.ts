import test from 'ava';
import { runImport } from '../../src/import/run.ts';
import { listFindings } from '../../src/findings/store.ts';
import { jobmig } from '../helpers/cli.ts';
import { createTestDatabase } from '../helpers/db.ts';
import { rowCounts } from '../helpers/dump.ts';
import { FIXTURES } from '../helpers/store.ts';

const INJECTIONS = [
  "'; drop table reconciliation; --",
  "x' , review_status = 'resolved' --",
  '$1); DELETE FROM jobs; --',
];

test('review notes and reviewer names are stored as written, never run', async (t) => {
  const db = await createTestDatabase();
  t.teardown(() => db.drop());
  await runImport(db.pool, { jobsRoot: FIXTURES });
  const before = await rowCounts(db.pool);
  const [first, second] = await listFindings(db.pool, { status: 'open', limit: 2 });
  for (const [finding, value] of [
    [first!, INJECTIONS[0]!],
    [second!, INJECTIONS[1]!],
  ] as const) {
    const result = await jobmig([
      'findings',
      'ack',
      finding.id,
      '--note',
      value,
      '--by',
      INJECTIONS[2]!,
      '--database-url',
      db.url,
    ]);
    t.is(result.code, 0, result.stderr);
    const { rows } = await db.pool.query(
      'SELECT review_status, review_note, reviewed_by FROM reconciliation WHERE id = $1',
      [finding.id],
    );
    t.deepEqual(rows, [{ review_status: 'acknowledged', review_note: value, reviewed_by: INJECTIONS[2] }]);
  }
  const after = await rowCounts(db.pool);
  t.deepEqual(after, before, 'no row was added or removed by a note or a reviewer name');
  const events = await db.pool.query('SELECT count(*)::int AS n FROM finding_events');
  t.is(events.rows[0].n, 2, 'only the two review events were added');
});

test('the password of a database URL appears in no output and no stored run', async (t) => {
  const db = await createTestDatabase();
  t.teardown(() => db.drop());
  const url = new URL(db.url);
  // The machine's server trusts any password; the embedded one has its own, which is then the secret.
  if (!url.password) url.password = 's3cret-p4ss';
  const secret = decodeURIComponent(url.password);
  const outputs = [
    await jobmig(['import', FIXTURES, '--database-url', url.href]),
    await jobmig(['import', FIXTURES, '--database-url', url.href, '--json']),
    await jobmig(['query', 'import-runs', '--format', 'json', '--database-url', url.href]),
    await jobmig(['import', '/no/such/root', '--database-url', url.href]),
  ];
  t.deepEqual(
    outputs.map((o) => o.code),
    [0, 0, 0, 2],
  );
  for (const o of outputs) {
    t.false(o.stdout.includes(secret), o.stdout.slice(0, 200));
    t.false(o.stderr.includes(secret), o.stderr);
  }
  const { rows } = await db.pool.query(
    "SELECT count(*)::int AS n FROM import_runs r WHERE r::text LIKE '%' || $1 || '%'",
    [secret],
  );
  t.is(rows[0].n, 0);
  t.is((await db.pool.query('SELECT count(*)::int AS n FROM import_runs')).rows[0].n, 2);
});

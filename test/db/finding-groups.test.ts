/**
 * Cause groups: the database's cause keys (finding_cause_keys, view finding_causes) are the
 * registry's; duplicate_job_number findings group by job number, field_mismatch by field and the pair
 * of values, kinds without cause keys are groups of one; a group is listed with its members and
 * decided as one batch, from the engine and from `findings groups` / `findings ack --group`.
 */
import test from 'ava';
import { undoBatch } from '../../src/findings/batches.ts';
import { decideGroup, groupMembers, listGroups } from '../../src/findings/groups.ts';
import { causeKeysOf, FINDING_KINDS } from '../../src/reconcile/registry.ts';
import { jobmig } from '../helpers/cli.ts';
import { useFixturesWithDatabase } from '../helpers/fixture-db.ts';

const fx = useFixturesWithDatabase(test, { storageRoot: true, imported: true });

const who = { reviewer: 'grace', via: 'cli' as const };

test.serial("the database's cause keys are the registry's, kind by kind", async (t) => {
  const { rows } = await fx.db.pool.query('SELECT kind, value_keys FROM finding_cause_keys ORDER BY kind');
  const declared = FINDING_KINDS.filter((k) => causeKeysOf(k).length > 0)
    .map((kind) => ({ kind, value_keys: [...causeKeysOf(kind)] }))
    .sort((a, b) => a.kind.localeCompare(b.kind));
  t.deepEqual(rows, declared);
});

test.serial(
  'duplicate_job_number findings of one job number are one group, listed with every member',
  async (t) => {
    const groups = await listGroups(fx.db.pool, { kind: 'duplicate_job_number' });
    t.is(groups.length, 1);
    const [group] = groups;
    t.like(group, { kind: 'duplicate_job_number', severity: 'error', count: 2, open: 2 });
    t.is(group!.cause_key, 'duplicate_job_number ["J0010"]');
    const members = await groupMembers(fx.db.pool, group!.cause_key);
    t.deepEqual(members.map((m) => m.id).sort(), Object.keys(group!.members).sort());
    t.deepEqual(new Set(members.map((m) => m.job_number)), new Set(['J0010']));
    t.is(new Set(members.map((m) => m.job_id)).size, 2);
  },
);

test.serial(
  'field_mismatch groups by field and the pair of values; a kind without cause keys is groups of one',
  async (t) => {
    // A second job with the same disagreement, and a third with another pair.
    await fx.db.pool.query(`
    INSERT INTO reconciliation (job_id, id, kind, severity, summary, source_values, paths, first_run_id,
                                last_run_id)
    SELECT 'job_copy_' || n, 'Fcopy' || n, kind, severity, summary,
           CASE WHEN n = 2 THEN jsonb_set(source_values, '{final}', '"Red oak"') ELSE source_values END,
           paths, first_run_id, last_run_id
    FROM reconciliation, generate_series(1, 2) AS n WHERE kind = 'field_mismatch'`);
    t.teardown(() => fx.db.pool.query("DELETE FROM reconciliation WHERE id LIKE 'Fcopy%'"));
    const groups = await listGroups(fx.db.pool, { kind: 'field_mismatch' });
    t.deepEqual(groups.map((g) => g.count).sort(), [1, 2]);
    const pair = groups.find((g) => g.count === 2)!;
    t.true(Object.keys(pair.members).includes('Fcopy1'));
    t.false(Object.keys(pair.members).includes('Fcopy2'));
    const rounds = await listGroups(fx.db.pool, { kind: 'latest_round_mismatch' });
    t.deepEqual(
      rounds.map((g) => g.count),
      [1, 1, 1, 1],
    );
  },
);

test.serial(
  'deciding a group is one batch over its members (within the filter), and undoes as one',
  async (t) => {
    const [group] = await listGroups(fx.db.pool, { kind: 'duplicate_job_number' });
    const done = await decideGroup(
      fx.db.pool,
      group!.cause_key,
      { status: 'open' },
      {
        decision: 'acknowledged',
        note: 'same number reused',
        ...who,
      },
    );
    t.like(done, { matched: 2, changed: 2 });
    const { rows } = await fx.db.pool.query(
      'SELECT scope, selection, findings FROM finding_batches WHERE id = $1',
      [done.batch],
    );
    t.deepEqual(rows[0], {
      scope: 'group',
      selection: { status: 'open', cause: group!.cause_key },
      findings: 2,
    });
    const statuses = await fx.db.pool.query(
      "SELECT DISTINCT review_status, review_note FROM reconciliation WHERE kind = 'duplicate_job_number'",
    );
    t.deepEqual(statuses.rows, [{ review_status: 'acknowledged', review_note: 'same number reused' }]);
    await undoBatch(fx.db.pool, done.batch!, who);
    const back = await fx.db.pool.query(
      "SELECT DISTINCT review_status FROM reconciliation WHERE kind = 'duplicate_job_number'",
    );
    t.deepEqual(back.rows, [{ review_status: 'open' }]);
  },
);

test.serial('findings groups lists the groups; findings ack --group decides one as a batch', async (t) => {
  const url = ['--database-url', fx.db.url];
  const listed = await jobmig(['findings', 'groups', '--kind', 'duplicate_job_number', '--json', ...url]);
  t.is(listed.code, 0, listed.stderr);
  const [group] = JSON.parse(listed.stdout);
  t.is(group.cause_key, 'duplicate_job_number ["J0010"]');
  const text = await jobmig(['findings', 'groups', '--severity', 'error', ...url]);
  const jobs = Object.values(group.members as Record<string, { job_id: string }>).map((m) => m.job_id);
  const row = text.stdout.split('\n').find((l) => l.includes('duplicate_job_number'))!;
  t.deepEqual(
    row
      .split('│')
      .map((c) => c.trim())
      .filter(Boolean),
    ['duplicate_job_number ["J0010"]', 'error', '2', '2', jobs.sort().join(', ')],
  );
  const decided = await jobmig([
    'findings',
    'resolve',
    '--group',
    group.cause_key,
    '--yes',
    '--json',
    ...url,
  ]);
  t.is(decided.code, 0, decided.stderr);
  t.like(JSON.parse(decided.stdout), { changed: 2, matched: 2, decision: 'resolved' });
  const { rows } = await fx.db.pool.query(
    "SELECT DISTINCT review_status FROM reconciliation WHERE kind = 'duplicate_job_number'",
  );
  t.deepEqual(rows, [{ review_status: 'resolved' }]);
});

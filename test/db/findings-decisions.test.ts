/**
 * Decision semantics and batches through the CLI, against the fixture storage root (jobs and
 * storage-root files): a decision records the note it was given and nothing else; a decision that
 * changes nothing appends no event; findings about a file get their events too; bulk decisions are
 * numbered batches that `findings undo` takes back, unless a finding was decided again since;
 * `findings batches` lists them; `findings list --limit` says how many matched in all.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import { type CliResult, jobmig as runJobmig } from '../helpers/cli.ts';
import { useFixturesWithDatabase } from '../helpers/fixture-db.ts';

const fx = useFixturesWithDatabase(test, { storageRoot: true, imported: true });

const jobmig = (args: string[]): Promise<CliResult> => runJobmig([...args, '--database-url', fx.db.url]);

async function ok(args: string[]): Promise<string> {
  const r = await jobmig(args);
  if (r.code !== 0) throw new Error(`jobmig ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
}

const reset = () =>
  fx.db.pool.query(
    "UPDATE reconciliation SET review_status = 'open', review_note = NULL, reviewed_by = NULL, " +
      'reviewed_at = NULL',
  );

async function firstOf(kind: string): Promise<string> {
  const { rows } = await fx.db.pool.query(
    'SELECT id FROM reconciliation WHERE kind = $1 ORDER BY id LIMIT 1',
    [kind],
  );
  return rows[0].id;
}

async function state(
  id: string,
): Promise<{ review_status: string; review_note: string | null; reviewed_by: string | null }> {
  const { rows } = await fx.db.pool.query(
    'SELECT review_status, review_note, reviewed_by FROM reconciliation WHERE id = $1',
    [id],
  );
  return rows[0];
}

async function eventsOf(
  id: string,
): Promise<
  { review_status: string; note: string | null; reviewed_by: string; via: string; job_id: string }[]
> {
  const { rows } = await fx.db.pool.query(
    'SELECT job_id, review_status, note, reviewed_by, via FROM finding_events ' +
      'WHERE finding_id = $1 ORDER BY id',
    [id],
  );
  return rows;
}

test.serial(
  'a decision records the note it was given: an old note is never credited to the next reviewer',
  async (t) => {
    await reset();
    const id = await firstOf('geojson_drift');
    await ok(['findings', 'ack', id, '--note', 'A', '--by', 'first']);
    const csv = path.join(fx.root, 'decisions.csv');
    await writeFile(csv, `id,decision,note\n${id},resolve,\n`);
    await ok(['findings', 'apply', csv, '--by', 'someone']);
    t.deepEqual(await state(id), { review_status: 'resolved', review_note: null, reviewed_by: 'someone' });
    t.like((await eventsOf(id)).at(-1), {
      review_status: 'resolved',
      note: null,
      reviewed_by: 'someone',
      via: 'csv',
    });

    await ok(['findings', 'ack', id, '--note', 'B', '--by', 'first']);
    await ok(['findings', 'reopen', id, '--by', 'second']);
    t.deepEqual(await state(id), { review_status: 'open', review_note: null, reviewed_by: 'second' });
    t.like((await eventsOf(id)).at(-1), { review_status: 'open', note: null, reviewed_by: 'second' });
  },
);

test.serial(
  'a decision that changes neither status nor note appends no event, singly, in bulk or by CSV',
  async (t) => {
    await reset();
    const id = await firstOf('identity_mismatch');
    await ok(['findings', 'ack', id, '--note', 'same', '--by', 'ana']);
    await ok(['findings', 'ack', id, '--note', 'same', '--by', 'bo']);
    t.is((await eventsOf(id)).length, 1);
    t.is((await state(id)).reviewed_by, 'ana', 'a no-op does not claim the finding for its reviewer');

    const bulk = await ok(['findings', 'ack', '--kind', 'identity_mismatch', '--note', 'same', '--yes']);
    t.regex(bulk, /^acknowledged 0 finding\(s\) matching --kind identity_mismatch \(1 already acknowledged/);
    const csv = path.join(fx.root, 'same.csv');
    await writeFile(csv, `id,decision,note\n${id},ack,same\n`);
    t.regex(await ok(['findings', 'apply', csv]), /applied 0 decision\(s\) .*\(1 already so: unchanged\)\n$/);
    t.is((await eventsOf(id)).length, 1);
    t.is(
      (await fx.db.pool.query('SELECT count(*)::int AS n FROM finding_batches WHERE findings = 0')).rows[0].n,
      0,
    );
  },
);

test.serial(
  'findings about a storage-root file, not a job, get their finding_reviewed events too',
  async (t) => {
    await reset();
    const { rows } = await fx.db.pool.query(
      `SELECT r.id, r.job_id FROM reconciliation r
     WHERE NOT EXISTS (SELECT 1 FROM jobs j WHERE j.job_id = r.job_id) ORDER BY r.id`,
    );
    t.true(rows.length >= 3, 'the fixture storage root has file-scoped findings');
    await ok(['findings', 'resolve', rows[0].id, '--note', 'rotated', '--by', 'sec']);
    t.like((await eventsOf(rows[0].id))[0], {
      job_id: rows[0].job_id,
      review_status: 'resolved',
      note: 'rotated',
    });
    await ok(['findings', 'ack', '--kind', 'token_plaintext_active', '--yes', '--by', 'sec']);
    const { rows: tokens } = await fx.db.pool.query(
      "SELECT id, job_id FROM reconciliation WHERE kind = 'token_plaintext_active' ORDER BY id",
    );
    for (const f of tokens)
      t.like((await eventsOf(f.id)).at(-1), { job_id: f.job_id, review_status: 'acknowledged' });
  },
);

test.serial(
  'findings undo restores every finding of a batch as it was, recorded as events and as a batch',
  async (t) => {
    await reset();
    const noted = await firstOf('latest_round_mismatch');
    await ok(['findings', 'ack', noted, '--note', 'old', '--by', 'x']);
    const before = (
      await fx.db.pool.query(
        'SELECT id, review_status, review_note, reviewed_by, reviewed_at FROM reconciliation ' +
          "WHERE kind = 'latest_round_mismatch' ORDER BY id",
      )
    ).rows;
    const done = JSON.parse(
      await ok([
        'findings',
        'resolve',
        '--kind',
        'latest_round_mismatch',
        '--note',
        'bulk',
        '--yes',
        '--json',
        '--by',
        'y',
      ]),
    );
    t.regex(done.batch, /^\d+$/);
    t.is(done.changed, 4);
    const undone = await ok(['findings', 'undo', done.batch, '--by', 'z']);
    t.regex(undone, new RegExp(`^undid batch ${done.batch}: 4 finding\\(s\\) restored; batch (\\d+)\\n$`));
    const after = (
      await fx.db.pool.query(
        'SELECT id, review_status, review_note, reviewed_by, reviewed_at FROM reconciliation ' +
          "WHERE kind = 'latest_round_mismatch' ORDER BY id",
      )
    ).rows;
    t.deepEqual(after, before);
    const last = await eventsOf(noted);
    t.like(last.at(-1), { review_status: 'acknowledged', note: 'old', reviewed_by: 'z', via: 'undo' });

    const listed = JSON.parse(await ok(['findings', 'batches', '--json']));
    const [undoBatch, bulkBatch] = listed;
    t.like(bulkBatch, {
      id: done.batch,
      reviewed_by: 'y',
      scope: 'filter',
      decision: 'resolved',
      note: 'bulk',
      findings: 4,
    });
    t.deepEqual(bulkBatch.selection, { kind: 'latest_round_mismatch' });
    t.is(bulkBatch.undone_by, undoBatch.id);
    t.like(undoBatch, { scope: 'undo', undoes: done.batch, reviewed_by: 'z', findings: 4 });
    t.regex(
      await ok(['findings', 'batches']),
      new RegExp(`${done.batch} .* y .*resolved "bulk".*filter \\(kind: latest_round_mismatch\\)`),
    );

    const again = await jobmig(['findings', 'undo', done.batch]);
    t.is(again.code, 1);
    t.regex(again.stderr, new RegExp(`batch ${done.batch} was undone already, by batch ${undoBatch.id}`));
  },
);

test.serial(
  'findings undo refuses a batch whose finding was decided again since, names it, and changes nothing',
  async (t) => {
    await reset();
    const done = JSON.parse(await ok(['findings', 'ack', '--kind', 'path_outside_job', '--yes', '--json']));
    const { rows } = await fx.db.pool.query(
      "SELECT id FROM reconciliation WHERE kind = 'path_outside_job' ORDER BY id",
    );
    const later = rows[1].id as string;
    await ok(['findings', 'resolve', later, '--note', 'later']);
    const snapshot = (
      await fx.db.pool.query('SELECT id, review_status, review_note FROM reconciliation ORDER BY id')
    ).rows;
    const refused = await jobmig(['findings', 'undo', done.batch]);
    t.is(refused.code, 1);
    t.regex(
      refused.stderr,
      new RegExp(`batch ${done.batch} not undone: 1 of its findings were decided again since \\(${later}\\)`),
    );
    t.deepEqual(
      (await fx.db.pool.query('SELECT id, review_status, review_note FROM reconciliation ORDER BY id')).rows,
      snapshot,
    );
    const none = await jobmig(['findings', 'undo', '999999']);
    t.is(none.code, 1);
    t.regex(none.stderr, /no batch 999999/);
  },
);

test.serial(
  'a decision on one finding is no batch; bulk decisions print their batch, --json gives it as batch',
  async (t) => {
    await reset();
    const before = (await fx.db.pool.query('SELECT count(*)::int AS n FROM finding_batches')).rows[0].n;
    await ok(['findings', 'ack', await firstOf('media_unplaced')]);
    t.is((await fx.db.pool.query('SELECT count(*)::int AS n FROM finding_batches')).rows[0].n, before);
    const json = JSON.parse(
      await ok(['findings', 'ack', '--kind', 'profile_final_mismatch', '--yes', '--json']),
    );
    t.deepEqual(Object.keys(json).sort(), ['batch', 'changed', 'decision', 'matched']);
    t.regex(json.batch, /^\d+$/);
  },
);

test.serial('findings list --limit says how many matched in all', async (t) => {
  const out = await ok(['findings', 'list', '--limit', '2']);
  const { rows } = await fx.db.pool.query('SELECT count(*)::int AS n FROM reconciliation');
  t.regex(out, new RegExp(`\\n2 of ${rows[0].n} matching finding\\(s\\) \\(--limit\\)\\n$`));
  t.regex(await ok(['findings', 'list', '--kind', 'geojson_drift', '--limit', '5']), /\n1 finding\(s\)\n$/);
});

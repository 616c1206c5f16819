/**
 * The findings engine as the review app calls it: a selection of ids decided as one batch (refused
 * when the findings changed since they were confirmed), progress for a filter and the store with
 * counts per reviewer, and the notes already used for a kind.
 */
import test from 'ava';
import { listBatches, UndoRefusedError, undoBatch } from '../../src/findings/batches.ts';
import { CountChangedError, decideMatching, reviewFinding } from '../../src/findings/decide.ts';
import { notesForKind, reviewProgress } from '../../src/findings/progress.ts';
import { matchingState } from '../../src/findings/store.ts';
import { useTestDatabase } from '../helpers/db.ts';
import { FIXTURES } from '../helpers/store.ts';

const db = useTestDatabase(test, { importFrom: FIXTURES });

async function idsOf(kind: string): Promise<string[]> {
  const { rows } = await db().pool.query('SELECT id FROM reconciliation WHERE kind = $1 ORDER BY id', [kind]);
  return rows.map((r) => r.id);
}

test.serial('a selection is decided as one batch; a stale confirmation of it changes nothing', async (t) => {
  const ids = (await idsOf('latest_round_mismatch')).slice(0, 3);
  const seen = await matchingState(db().pool, { ids });
  t.is(seen.count, 3);
  await reviewFinding(db().pool, ids[0]!, 'resolved', 'meanwhile', 'other', 'web');
  const stale = decideMatching(
    db().pool,
    { ids },
    { decision: 'acknowledged', note: null, reviewer: 'sel', via: 'web' },
    seen,
  );
  const err = await t.throwsAsync(stale, { instanceOf: CountChangedError });
  t.regex(err!.message, /decided by someone else meanwhile: nothing changed/);
  const fresh = await matchingState(db().pool, { ids });
  const done = await decideMatching(
    db().pool,
    { ids },
    { decision: 'acknowledged', note: null, reviewer: 'sel', via: 'web' },
    fresh,
  );
  t.like(done, { matched: 3, changed: 3 });
  const [batch] = await listBatches(db().pool, { id: done.batch });
  t.like(batch, { scope: 'selection', reviewed_by: 'sel', via: 'web', findings: 3 });
  t.deepEqual(batch!.selection, { ids });
  await t.throwsAsync(undoBatch(db().pool, 'x1', { reviewer: 'sel', via: 'web' }), {
    instanceOf: UndoRefusedError,
    message: 'no batch x1: a batch is a number',
  });
});

test.serial(
  'progress counts decided, open and total for the filter and the store, and per reviewer',
  async (t) => {
    await db().pool.query(
      "UPDATE reconciliation SET review_status = 'open', review_note = NULL, reviewed_by = NULL",
    );
    const [a, b] = await idsOf('latest_round_mismatch');
    await reviewFinding(db().pool, a!, 'acknowledged', null, 'ana');
    await reviewFinding(db().pool, b!, 'resolved', null, 'bo');
    const geo = (await idsOf('geojson_drift'))[0]!;
    await reviewFinding(db().pool, geo, 'resolved', null, 'ana');
    const { rows } = await db().pool.query(
      "SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'open')::int AS open FROM reconciliation",
    );
    const p = await reviewProgress(db().pool, { kind: 'latest_round_mismatch' });
    t.deepEqual(p.filter, { decided: 2, open: 2, total: 4 });
    t.deepEqual(p.store, { decided: 3, open: rows[0].open, total: rows[0].total });
    t.deepEqual(p.reviewers, [
      { reviewer: 'ana', decided: 2 },
      { reviewer: 'bo', decided: 1 },
    ]);
  },
);

test.serial('the notes already used for a kind are offered, most used first', async (t) => {
  const ids = await idsOf('latest_round_mismatch');
  await reviewFinding(db().pool, ids[0]!, 'acknowledged', 'legacy rounds', 'ana');
  await reviewFinding(db().pool, ids[1]!, 'acknowledged', 'legacy rounds', 'ana');
  await reviewFinding(db().pool, ids[2]!, 'resolved', 'fixed upstream', 'ana');
  const notes = await notesForKind(db().pool, 'latest_round_mismatch');
  t.deepEqual(notes.slice(0, 2), [
    { note: 'legacy rounds', uses: 2 },
    { note: 'fixed upstream', uses: 1 },
  ]);
  t.deepEqual(await notesForKind(db().pool, 'geojson_drift'), []);
});

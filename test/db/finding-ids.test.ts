/**
 * Finding ids are what reviewer state attaches to, so they must never change: every id the fixtures
 * produce (rule findings, and the kinds the database computes, the storage root's included) is pinned in
 * test/expected/fixture-finding-ids.json, recorded before the id formula moved into schema/010.
 */
import { readFile } from 'node:fs/promises';
import test from 'ava';
import { findingScenario } from '../helpers/finding-scenario.ts';

const EXPECTED = new URL('../expected/fixture-finding-ids.json', import.meta.url);

test('the fixtures keep their finding ids, database-computed kinds included', async (t) => {
  const { db } = await findingScenario(t);
  const { rows } = await db.pool.query(
    `SELECT job_id, kind, id FROM reconciliation
     ORDER BY job_id COLLATE "C", kind COLLATE "C", id COLLATE "C"`,
  );
  const kinds = new Set(rows.map((r) => r.kind));
  for (const kind of ['final_changed_on_disk', 'duplicate_job_number', 'source_missing'])
    t.true(kinds.has(kind));
  t.deepEqual(rows, JSON.parse(await readFile(EXPECTED, 'utf8')));
});

/**
 * Finding ids are what reviewer state attaches to, so they must never change: every id the fixtures
 * produce (rule findings, and the three kinds the database computes) is pinned in
 * test/expected/fixture-finding-ids.json, recorded before the id formula moved into schema/010.
 */
import { readFile, rename, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import { runImport } from '../src/import/run.ts';
import { fixturesWithDatabase } from './helpers/fixture-db.ts';

const EXPECTED = new URL('expected/fixture-finding-ids.json', import.meta.url);

test('the fixtures keep their finding ids, database-computed kinds included', async (t) => {
  const { db, root } = await fixturesWithDatabase(t, { imported: true });
  // final_changed_on_disk: a final.json rewritten after archiving (same bytes every run).
  const finalFile = path.join(root, 'job_9e4f1b6a2d35/final.json');
  const final = JSON.parse(await readFile(finalFile, 'utf8'));
  final.transcript = 'rewritten after archive';
  await writeFile(finalFile, JSON.stringify(final, null, 2));
  const later = new Date(Date.now() + 60_000);
  await utimes(finalFile, later, later);
  // source_missing: a folder gone from disk.
  await rename(path.join(root, 'job_d4e5f6a7b8c9'), path.join(root, '..', 'parked'));
  await runImport(db.pool, { jobsRoot: root });
  const { rows } = await db.pool.query(
    'SELECT job_id, kind, id FROM reconciliation ORDER BY job_id COLLATE "C", kind COLLATE "C", id COLLATE "C"',
  );
  const kinds = new Set(rows.map((r) => r.kind));
  for (const kind of ['final_changed_on_disk', 'duplicate_job_number', 'source_missing'])
    t.true(kinds.has(kind));
  t.deepEqual(rows, JSON.parse(await readFile(EXPECTED, 'utf8')));
});

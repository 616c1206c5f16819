import { appendFile, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import { runImport } from '../../src/import/run.ts';
import { fixturesWithDatabase } from '../helpers/fixture-db.ts';

test('a re-import keeps the row of an uploaded medium whose bytes changed, reports it, and lands the rest of the job', async (t) => {
  const { db, root } = await fixturesWithDatabase(t, { imported: true });
  const audio = 'job_a5c8d2e7f146/sections/site_factors/recordings/rec_a5_01.mp3';
  const before = await db.pool.query('SELECT size FROM artifacts WHERE path = $1', [audio]);
  await appendFile(path.join(root, audio), 'rewritten');
  const meta = path.join(root, 'job_a5c8d2e7f146/sections/site_factors/recordings/rec_a5_01.meta.json');
  const value = JSON.parse(await readFile(meta, 'utf8'));
  value.upload_status = 'processed';
  await writeFile(meta, JSON.stringify(value));
  const later = new Date(Date.now() + 60_000);
  await utimes(meta, later, later);

  await runImport(db.pool, { jobsRoot: root });
  const after = await db.pool.query('SELECT size FROM artifacts WHERE path = $1', [audio]);
  t.deepEqual(after.rows, before.rows);
  const issues = await db.pool.query('SELECT message FROM import_issues WHERE path = $1', [audio]);
  t.is(issues.rows.length, 1);
  t.regex(
    issues.rows[0].message,
    /uploaded media file changed on disk .* artifact row is immutable and was kept/,
  );
  const recording = await db.pool.query(
    "SELECT upload_status FROM round_recordings WHERE recording_id = 'rec_a5_01'",
  );
  t.is(recording.rows[0].upload_status, 'processed');
});

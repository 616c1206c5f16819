// job_finals.snapshot_bytes (schema/012): the exact bytes of every snapshot file, their hash the stored
// sha256, compressed with lz4 where the server has it, guarded like the payload, filled in for old rows.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import { runImport } from '../../src/import/run.ts';
import { fixturesWithDatabase } from '../helpers/fixture-db.ts';
import { FIXTURES } from '../helpers/store.ts';
import { useTestDatabase } from '../helpers/db.ts';

const db = useTestDatabase(test, { importFrom: FIXTURES });
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface BytesRow {
  job_id: string;
  kind: string;
  source_path: string;
  payload_sha256: string;
  snapshot_bytes: Buffer | null;
}

const allFinals = async (pool = db().pool) =>
  (
    await pool.query<BytesRow>(
      `SELECT job_id, kind, source_path, payload_sha256, snapshot_bytes
       FROM job_finals ORDER BY job_id, kind`,
    )
  ).rows;

test('every snapshot row holds its file byte for byte, and the stored sha256 is theirs', async (t) => {
  const rows = await allFinals();
  t.is(rows.length, 9);
  for (const row of rows) {
    const file = await readFile(path.join(FIXTURES, row.source_path));
    t.true(row.snapshot_bytes?.equals(file), row.source_path);
    t.is(sha256(row.snapshot_bytes!), row.payload_sha256, row.source_path);
  }
});

test('the bytes column is compressed with lz4 when the server has it, else pglz', async (t) => {
  const { rows } = await db().pool.query<{ lz4: boolean; compression: string }>(
    `SELECT 'lz4' = ANY (s.enumvals) AS lz4, a.attcompression::text AS compression
     FROM pg_settings s, pg_attribute a
     WHERE s.name = 'default_toast_compression'
       AND a.attrelid = 'job_finals'::regclass AND a.attname = 'snapshot_bytes'`,
  );
  t.is(rows[0]!.compression, rows[0]!.lz4 ? 'l' : '');
  // Values the import stored compressed use the column's method (not the staging table's pglz).
  const { rows: methods } = await db().pool.query<{ method: string }>(
    `SELECT DISTINCT pg_column_compression(snapshot_bytes) AS method
     FROM job_finals WHERE snapshot_bytes IS NOT NULL`,
  );
  t.deepEqual(
    methods.map((m) => m.method),
    [rows[0]!.lz4 ? 'lz4' : 'pglz'],
  );
});

test('bytes that do not hash to the stored sha256 are refused; stored bytes are never removed', async (t) => {
  const where = "WHERE job_id = 'job_4a1f0c2b9e01' AND kind = 'correction'";
  const err = await t.throwsAsync(
    db().pool.query(`UPDATE job_finals SET snapshot_bytes = '\\x7b7d'::bytea ${where}`),
  );
  t.is((err as { code?: string }).code, '23514');
  const removed = await t.throwsAsync(
    db().pool.query(`UPDATE job_finals SET snapshot_bytes = NULL ${where}`),
  );
  t.regex(
    removed!.message,
    /^jobmig: stored snapshot bytes of job job_4a1f0c2b9e01 \(correction\) are never removed$/,
  );
  const final = await t.throwsAsync(
    db().pool.query(
      "UPDATE job_finals SET snapshot_bytes = snapshot_bytes WHERE job_id = 'job_1' AND kind = 'final'",
    ),
  );
  t.regex(final!.message, /^jobmig: archived final of job job_1 is immutable \(no UPDATE\)$/);
});

test('rows imported before the bytes were kept are filled in from files still hashing the same', async (t) => {
  const { db: own, root } = await fixturesWithDatabase(t, { imported: true });
  // As a database imported before schema/012 looks (the guard would refuse this, so it steps aside).
  await own.pool.query(
    `BEGIN; SET LOCAL session_replication_role = replica;
     UPDATE job_finals SET snapshot_bytes = NULL; COMMIT`,
  );
  // One final changed on disk since: its bytes are not the archived ones and must not be taken.
  const changed = path.join(root, 'job_9e4f1b6a2d35/final.json');
  await writeFile(changed, `${await readFile(changed, 'utf8')}\n`);
  const summary = await runImport(own.pool, { jobsRoot: root, full: true });
  t.is(summary.counts.job_finals?.updated, 8);
  t.is(summary.counts.job_finals?.inserted, 0);

  const rows = await allFinals(own.pool);
  const missing = rows.filter((r) => r.snapshot_bytes === null).map((r) => r.source_path);
  t.deepEqual(missing, ['job_9e4f1b6a2d35/final.json']);
  for (const row of rows.filter((r) => r.snapshot_bytes))
    t.is(sha256(row.snapshot_bytes!), row.payload_sha256);
  const { rows: events } = await own.pool.query(
    "SELECT count(*)::int AS n FROM job_events WHERE event_type = 'correction_replaced'",
  );
  t.is(events[0].n, 0, 'filling in bytes replaces no correction');

  // By hand, the archived bytes fill the gap; nothing else of the final may change with them.
  const archived = await readFile(path.join(FIXTURES, 'job_9e4f1b6a2d35/final.json'));
  const fill =
    "UPDATE job_finals SET snapshot_bytes = $1 WHERE job_id = 'job_9e4f1b6a2d35' AND kind = 'final'";
  const sneaky = fill.replace('= $1', "= $1, user_name = 'Someone Else'");
  await t.throwsAsync(own.pool.query(sneaky, [archived]), { message: /archived final .* is immutable/ });
  await own.pool.query(fill, [archived]);
  t.is((await allFinals(own.pool)).filter((r) => r.snapshot_bytes === null).length, 0);
});

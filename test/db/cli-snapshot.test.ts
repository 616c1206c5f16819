// `jobmig snapshot show`: the stored bytes of final.json / final_correction.json, exactly, on stdout.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import test from 'ava';
import { runImport } from '../../src/import/run.ts';
import type { SnapshotKind } from '../../src/legacy/layout.ts';
import { readSnapshotBytes } from '../../src/outputs/snapshot-bytes.ts';
import { useTestDatabase } from '../helpers/db.ts';
import { ARCHIVED, FIXTURES } from '../helpers/store.ts';

const db = useTestDatabase(test);
const BIN = new URL('../../bin/jobmig.mjs', import.meta.url).pathname;

// Both stores in one database, imported once, by the first test that asks.
let importing: Promise<void> | undefined;
const imported = () =>
  (importing ??= (async () => {
    await runImport(db().pool, { jobsRoot: FIXTURES });
    await runImport(db().pool, { jobsRoot: ARCHIVED });
  })());

/** The CLI's stdout as bytes (binary-safe), stderr as text, and its exit code. */
async function show(...args: string[]): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  await imported();
  const argv = [BIN, 'snapshot', 'show', ...args, '--database-url', db().url];
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, argv, { encoding: 'buffer' });
    return { code: 0, stdout, stderr: stderr.toString() };
  } catch (err) {
    const e = err as { code: number; stdout: Buffer; stderr: Buffer };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr.toString() };
  }
}

test.serial(
  'the bytes written are the file: odd whitespace, CRLF, key order, 1e2 / 1.0 / 12.50, unicode',
  async (t) => {
    const file = await readFile(path.join(ARCHIVED, 'job_8c1f4a9e7d52/final_correction.json'));
    for (const needle of ['\r\n\t', '"dbh":1e2', '"foliage_percent":1.0', '松の木 🌳', '\\u00e9', '\\/'])
      t.true(file.includes(needle), `the fixture has ${needle}`);
    const out = await show('job_8c1f4a9e7d52', '--kind', 'correction');
    t.is(out.code, 0, out.stderr);
    t.true(out.stdout.equals(file), 'byte for byte, no newline added');
    t.is(out.stderr, '');
  },
);

test.serial('every fixture snapshot comes back as its file; --kind defaults to the final', async (t) => {
  await imported();
  const { rows } = await db().pool.query<{ job_id: string; kind: SnapshotKind; source_path: string }>(
    'SELECT job_id, kind, source_path FROM job_finals ORDER BY job_id, kind',
  );
  t.is(rows.length, 12);
  for (const row of rows) {
    const root = row.job_id.startsWith('job_3b8e') || row.job_id.startsWith('job_8c1f') ? ARCHIVED : FIXTURES;
    const file = await readFile(path.join(root, row.source_path));
    t.true((await readSnapshotBytes(db().pool, row.job_id, row.kind)).equals(file), row.source_path);
  }
  const out = await show('job_3b8e2f6d1a47');
  t.true(out.stdout.equals(await readFile(path.join(ARCHIVED, 'job_3b8e2f6d1a47/final.json'))));
});

test.serial(
  'absent job, absent snapshot and missing bytes: one line on stderr, exit 1, nothing on stdout',
  async (t) => {
    const cases: Array<[string[], RegExp]> = [
      [['job_nope'], /^jobmig: no job job_nope in the database\n$/],
      [
        ['job_3b8e2f6d1a47', '--kind', 'correction'],
        /^jobmig: job job_3b8e2f6d1a47 has no correction snapshot\n$/,
      ],
    ];
    for (const [args, message] of cases) {
      const out = await show(...args);
      t.deepEqual([out.code, out.stdout.length], [1, 0], args.join(' '));
      t.regex(out.stderr, message);
    }
    await db().pool.query(
      `BEGIN; SET LOCAL session_replication_role = replica;
     UPDATE job_finals SET snapshot_bytes = NULL WHERE job_id = 'job_1'; COMMIT`,
    );
    const out = await show('job_1');
    t.deepEqual([out.code, out.stdout.length], [1, 0]);
    t.regex(out.stderr, /^jobmig: the final of job job_1 was imported before file bytes were kept, .*\n$/);
    // Other bytes than the archived ones (possible only with the guards off) are never passed off.
    await db().pool.query(
      `BEGIN; SET LOCAL session_replication_role = replica;
       ALTER TABLE job_finals DROP CONSTRAINT job_finals_snapshot_bytes_sha256;
       UPDATE job_finals SET snapshot_bytes = '{}'::bytea WHERE job_id = 'job_1'; COMMIT`,
    );
    await t.throwsAsync(readSnapshotBytes(db().pool, 'job_1', 'final'), {
      message: 'the stored final bytes of job job_1 do not hash to its sha256: refused',
    });
  },
);

test.serial('a bad --kind is refused with exit 2', async (t) => {
  const out = await show('job_1', '--kind', 'draft');
  t.is(out.code, 2);
  t.regex(out.stderr, /kind/);
});

/**
 * correction set and regenerate let the database decide first (issue 20 §4): a SELECT-only role, a
 * failing trigger or a lost connection leaves every file of the job folder byte for byte as it was;
 * a file that could not be written after COMMIT is named, and regenerate repairs it.
 */
import { mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import pg from 'pg';
import { setCorrection } from '../../src/corrections/set-correction.ts';
import { JobsRoot } from '../../src/files/jobs-root.ts';
import { FilesAfterCommitError, transactionThenFiles } from '../../src/files/staged.ts';
import { regenerateJobs } from '../../src/job-outputs/regenerate.ts';
import { sha256Hex } from '../../src/util/hash.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { fixturesWithDatabase } from '../helpers/fixture-db.ts';
import { selectOnlyRole } from '../helpers/reader.ts';

const J4 = 'job_4a1f0c2b9e01';

/** Every file under the job folder (hidden temporaries included), by relative path, with its sha256. */
async function folderHashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const abs = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, abs)] = sha256Hex(await readFile(abs));
  }
  return out;
}

async function setup(t: { teardown: (fn: () => Promise<void>) => void }) {
  const { db, root } = await fixturesWithDatabase(t, { imported: true });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jobmig-dbfirst-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const value = JSON.parse(await readFile(path.join(root, J4, 'final_correction.json'), 'utf8'));
  value.narrative.text = 'A correction the database has to accept first.';
  const payload = path.join(dir, 'payload.json');
  await writeFile(payload, JSON.stringify(value, null, 2));
  return { db, root, payload };
}

async function rowCounts(db: TestDatabase): Promise<unknown> {
  const { rows } = await db.pool.query(
    `SELECT (SELECT count(*) FROM job_events) AS events,
       (SELECT payload_sha256 FROM job_finals WHERE job_id = $1 AND kind = 'correction') AS correction,
       (SELECT string_agg(sha256, ',' ORDER BY path) FROM artifacts WHERE job_id = $1) AS artifacts`,
    [J4],
  );
  return rows[0];
}

/** A pool logged in as a fresh role that may only SELECT. */
async function selectOnlyPool(t: { teardown: (fn: () => Promise<void>) => void }, db: TestDatabase) {
  const { name: role, url } = await selectOnlyRole(t, db);
  const pool = new pg.Pool({ connectionString: url });
  t.teardown(() => pool.end());
  return { pool, role };
}

const SELECT_ONLY =
  'as a SELECT-only role, correction set and regenerate are refused by name and change no file';

test(SELECT_ONLY, async (t) => {
  const { db, root, payload } = await setup(t);
  const { pool, role } = await selectOnlyPool(t, db);
  const before = await folderHashes(path.join(root, J4));
  const rows = await rowCounts(db);
  const refused = await t.throwsAsync(setCorrection(pool, root, J4, payload));
  t.regex(refused.message, new RegExp(`^jobmig correction set: role ${role} can only read here .*INSERT on`));
  const again = await t.throwsAsync(regenerateJobs(pool, root, [J4]));
  t.regex(again.message, new RegExp(`^jobmig regenerate: role ${role} can only read here`));
  t.deepEqual(await folderHashes(path.join(root, J4)), before);
  t.deepEqual(await rowCounts(db), rows);
});

const failures = {
  'a failing trigger': "RAISE EXCEPTION 'audit store refuses this event'",
  'a lost connection': 'PERFORM pg_terminate_backend(pg_backend_pid())',
};

for (const [what, body] of Object.entries(failures)) {
  test(`with ${what} on the last write, correction set and regenerate change no file`, async (t) => {
    const { db, root, payload } = await setup(t);
    // job_events is written last in both commands: by then every file is staged.
    await db.pool.query(`CREATE FUNCTION fail_event() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${body}; RETURN NEW; END $$`);
    await db.pool.query(`CREATE TRIGGER fail_event BEFORE INSERT ON job_events
      FOR EACH ROW WHEN (NEW.event_type IN ('correction_set', 'outputs_regenerated'))
      EXECUTE FUNCTION fail_event()`);
    const before = await folderHashes(path.join(root, J4));
    const rows = await rowCounts(db);
    const pool = new pg.Pool({ connectionString: db.url });
    pool.on('error', () => {});
    t.teardown(() => pool.end());
    await t.throwsAsync(setCorrection(pool, root, J4, payload));
    await t.throwsAsync(regenerateJobs(pool, root, [J4]));
    t.deepEqual(await folderHashes(path.join(root, J4)), before);
    t.deepEqual(await rowCounts(db), rows);
  });
}

test('a file that cannot be put in place after COMMIT is named with the repair command', async (t) => {
  const { db, root } = await setup(t);
  const jobs = await JobsRoot.open(root);
  const err = await t.throwsAsync(
    transactionThenFiles(db.pool, jobs, `jobmig regenerate ${J4}`, async (client, stager) => {
      await client.query('SELECT 1');
      await stager.stage(`${J4}/final.geojson`, Buffer.from('{}\n'));
      // The temporary file vanishes before the rename (a full disk, an operator cleaning up).
      for (const name of await readdir(path.join(root, J4)))
        if (name.endsWith('.tmp')) await unlink(path.join(root, J4, name));
    }),
  );
  t.true(err instanceof FilesAfterCommitError);
  t.regex(err.message, new RegExp(`${J4}/final\\.geojson \\(ENOENT\\).*run jobmig regenerate ${J4}`));
});

test('regenerate restores a correction file that correction set committed but could not write', async (t) => {
  const { db, root, payload } = await setup(t);
  const file = path.join(root, J4, 'final_correction.json');
  const old = await readFile(file);
  const result = await setCorrection(db.pool, root, J4, payload);
  t.true(result.changed);
  await writeFile(file, old); // as if the rename after COMMIT had failed
  const [regenerated] = await regenerateJobs(db.pool, root, [J4]);
  t.deepEqual(await readFile(file), await readFile(payload));
  t.true(regenerated!.notes.some((n) => n.includes('final_correction.json restored from the database')));
  // A correction the legacy server writes later is never overwritten.
  await writeFile(file, Buffer.from('{"job_id": "job_4a1f0c2b9e01", "written": "by the legacy server"}\n'));
  const later = await readFile(file);
  await regenerateJobs(db.pool, root, [J4]);
  t.deepEqual(await readFile(file), later);
});

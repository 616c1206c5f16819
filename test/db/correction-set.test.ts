import { execFileSync } from 'node:child_process';
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { CorrectionRefusedError, setCorrection } from '../../src/corrections/set-correction.ts';
import { runImport } from '../../src/import/run.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { fixturesWithDatabase } from '../helpers/fixture-db.ts';

const J4 = 'job_4a1f0c2b9e01';
const J9 = 'job_9e4f1b6a2d35';

async function setup(t: {
  teardown: (fn: () => Promise<void>) => void;
}): Promise<{ db: TestDatabase; root: string; dir: string }> {
  const { db, root } = await fixturesWithDatabase(t, { imported: true });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jobmig-payload-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return { db, root, dir };
}

async function payloadFrom(root: string, rel: string, edit: (p: any) => void, dir: string): Promise<string> {
  const value = JSON.parse(await readFile(path.join(root, rel), 'utf8'));
  edit(value);
  const file = path.join(dir, 'payload.json');
  await writeFile(file, JSON.stringify(value, null, 2));
  return file;
}

async function events(db: TestDatabase, jobId: string, type: string) {
  const { rows } = await db.pool.query(
    'SELECT payload FROM job_events WHERE job_id = $1 AND event_type = $2 ORDER BY id',
    [jobId, type],
  );
  return rows.map((r) => r.payload);
}

test('replaces the correction of J0004: file on disk, row, one correction_replaced event, regenerated outputs', async (t) => {
  const { db, root, dir } = await setup(t);
  const old = await db.pool.query(
    "SELECT payload_sha256 FROM job_finals WHERE job_id = $1 AND kind = 'correction'",
    [J4],
  );
  const finalBefore = await db.pool.query(
    "SELECT payload_sha256, payload FROM job_finals WHERE job_id = $1 AND kind = 'final'",
    [J4],
  );
  const file = await payloadFrom(
    root,
    `${J4}/final_correction.json`,
    (p) => (p.narrative.text = 'Second correction: crown reduction done.'),
    dir,
  );

  const result = await setCorrection(db.pool, root, J4, file);
  t.true(result.changed);
  t.deepEqual(await readFile(path.join(root, J4, 'final_correction.json')), await readFile(file));
  const now = await db.pool.query(
    "SELECT payload_sha256, payload->'narrative'->>'text' AS narrative FROM job_finals WHERE job_id = $1 AND kind = 'correction'",
    [J4],
  );
  t.deepEqual(now.rows[0], {
    payload_sha256: result.sha256,
    narrative: 'Second correction: crown reduction done.',
  });
  t.deepEqual(await events(db, J4, 'correction_replaced'), [
    { previous_sha256: old.rows[0].payload_sha256, new_sha256: result.sha256, source: 'correction set' },
  ]);
  t.like((await events(db, J4, 'correction_set'))[0], {
    path: `${J4}/final_correction.json`,
    sha256: result.sha256,
    previous_sha256: old.rows[0].payload_sha256,
  });
  t.is((await events(db, J4, 'outputs_regenerated')).length, 1);
  const pdfText = execFileSync(
    'pdftotext',
    [path.join(root, J4, 'final_report_letter_correction.pdf'), '-'],
    { encoding: 'utf8' },
  );
  t.true(pdfText.includes('Second correction: crown reduction done.'));
  t.deepEqual(
    (
      await db.pool.query(
        "SELECT payload_sha256, payload FROM job_finals WHERE job_id = $1 AND kind = 'final'",
        [J4],
      )
    ).rows,
    finalBefore.rows,
  );

  // The import re-reads the changed folder and finds the correction it already holds: no second event.
  await runImport(db.pool, { jobsRoot: root });
  t.is((await events(db, J4, 'correction_replaced')).length, 1);
  const artifact = await db.pool.query('SELECT sha256 FROM artifacts WHERE path = $1', [
    `${J4}/final_correction.json`,
  ]);
  t.is(artifact.rows[0].sha256, result.sha256);

  const again = await setCorrection(db.pool, root, J4, file);
  t.false(again.changed, 'the same payload twice replaces nothing');
  t.is((await events(db, J4, 'correction_replaced')).length, 1);
});

test('a first correction of a final-only archived job creates the row and the correction outputs', async (t) => {
  const { db, root, dir } = await setup(t);
  const file = await payloadFrom(
    root,
    `${J9}/final.json`,
    (p) => (p.narrative = { text: 'Corrected species noted.' }),
    dir,
  );
  const result = await setCorrection(db.pool, root, J9, file);
  t.is(result.previousSha256, null);
  const { rows } = await db.pool.query('SELECT kind FROM job_finals WHERE job_id = $1 ORDER BY kind', [J9]);
  t.deepEqual(
    rows.map((r) => r.kind),
    ['correction', 'final'],
  );
  t.deepEqual(await events(db, J9, 'correction_replaced'), []);
  for (const name of [
    'final_correction.json',
    'final_report_letter_correction.pdf',
    'final_report_letter_correction.docx',
    'final_correction.geojson',
  ]) {
    await t.notThrowsAsync(access(path.join(root, J9, name)), name);
  }
});

test("refuses a job that is not archived, a payload that fails the schema, and another job's payload, writing nothing", async (t) => {
  const { db, root, dir } = await setup(t);
  const good = await payloadFrom(root, `${J9}/final.json`, (p) => delete p.job_id, dir);
  const notArchived = await t.throwsAsync(setCorrection(db.pool, root, 'job_f0a1b2c3d4e5', good), {
    instanceOf: CorrectionRefusedError,
  });
  t.regex(notArchived!.message, /job job_f0a1b2c3d4e5 is REVIEW_RETURNED, not ARCHIVED/);

  const bad = path.join(dir, 'bad.json');
  await writeFile(
    bad,
    JSON.stringify({ user_name: ['Dana'], form: { data: { client_tree_details: { gps: 'here' } } } }),
  );
  const invalid = await t.throwsAsync(setCorrection(db.pool, root, J9, bad), {
    instanceOf: CorrectionRefusedError,
  });
  t.true(invalid!.message.includes(`${bad} /user_name:`));
  t.true(invalid!.message.includes(`${bad} /form/data/client_tree_details/gps:`));

  await writeFile(bad, '{"narrative": "cut off');
  await t.throwsAsync(setCorrection(db.pool, root, J9, bad), { message: /invalid JSON/ });

  const other = await t.throwsAsync(
    setCorrection(db.pool, root, J9, await payloadFrom(root, `${J4}/final.json`, () => {}, dir)),
  );
  t.regex(other!.message, /\/job_id: names job job_4a1f0c2b9e01, not job_9e4f1b6a2d35/);

  await t.throwsAsync(access(path.join(root, J9, 'final_correction.json')));
  t.is(
    (await db.pool.query("SELECT count(*)::int AS n FROM job_finals WHERE kind = 'correction'")).rows[0].n,
    3,
  );
});

test('an assessor a correction names first is added as an import adds identities: next code, spelled from its job', async (t) => {
  const { db, root, dir } = await setup(t);
  const before = (await db.pool.query('SELECT count(*)::int AS n FROM operators')).rows[0].n;
  const file = await payloadFrom(
    root,
    `${J4}/final_correction.json`,
    (p) => (p.user_name = 'Quinn  ARBOR'),
    dir,
  );
  await setCorrection(db.pool, root, J4, file);
  const { rows } = await db.pool.query(
    "SELECT id::int, code, name, source_job_id FROM operators WHERE name_key = 'quinn arbor'",
  );
  t.deepEqual(rows, [
    {
      id: before + 1,
      code: `O${String(before + 1).padStart(4, '0')}`,
      name: 'Quinn  ARBOR', // as written: only the key folds spacing
      source_job_id: J4,
    },
  ]);
  const linked = await db.pool.query(
    "SELECT o.name FROM job_finals f JOIN operators o ON o.id = f.operator_id WHERE f.job_id = $1 AND f.kind = 'correction'",
    [J4],
  );
  t.deepEqual(linked.rows, [{ name: 'Quinn  ARBOR' }]);
  // The import that reads the changed folder finds the identity as it would have made it.
  const rerun = await runImport(db.pool, { jobsRoot: root });
  t.like(rerun.counts.operators, { inserted: 0, updated: 0 });
});

// Regeneration reads the snapshot from its stored bytes, so a regenerated GeoJSON equals the legacy
// server's own export in key order (fixtures/archived: real-shaped archived jobs), not jsonb's order.
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { runImport } from '../../src/import/run.ts';
import { buildGeoJson } from '../../src/model/geojson.ts';
import { JsonArray, JsonObject, parseAsWritten, type JsonNode } from '../../src/model/ordered-json.ts';
import { setCorrection } from '../../src/corrections/set-correction.ts';
import { regenerateJobs } from '../../src/outputs/regenerate.ts';
import { readSnapshotBytes } from '../../src/outputs/snapshot-bytes.ts';
import { parseLegacyJson } from '../../src/legacy/parse-file.ts';
import { createTestDatabase, useTestDatabase } from '../helpers/db.ts';
import { ARCHIVED } from '../helpers/store.ts';

const db = useTestDatabase(test, { importFrom: ARCHIVED });
const FINAL_ONLY = 'job_3b8e2f6d1a47';
const CORRECTED = 'job_8c1f4a9e7d52';

/** Every object's keys in order, depth first: equal lists mean equal key order everywhere. */
function keyOrder(node: JsonNode, at = ''): string[] {
  if (node instanceof JsonObject)
    return node.entries.flatMap((e) => [`${at}/${e.key}`, ...keyOrder(e.value, `${at}/${e.key}`)]);
  if (node instanceof JsonArray) return node.items.flatMap((item, i) => keyOrder(item, `${at}/${i}`));
  return [];
}

async function regenerateInto(t: { teardown: (fn: () => Promise<void>) => void }, jobId: string) {
  const out = await mkdtemp(path.join(os.tmpdir(), 'jobmig-keyorder-'));
  t.teardown(() => rm(out, { recursive: true, force: true }));
  const [result] = await regenerateJobs(db().pool, ARCHIVED, [jobId], { outDir: out });
  return { result: result!, dir: path.join(out, jobId) };
}

test('the server-written final regenerates to its final.geojson byte for byte', async (t) => {
  const { result, dir } = await regenerateInto(t, FINAL_ONLY);
  t.is(result.snapshot, 'final');
  t.false(
    result.notes.some((n) => n.includes('bytes')),
    'read from the stored bytes',
  );
  const server = await readFile(path.join(ARCHIVED, FINAL_ONLY, 'final.geojson'), 'utf8');
  const ours = await readFile(path.join(dir, 'final.geojson'), 'utf8');
  t.is(ours, server);
  t.true(
    ours.includes('"dbh": 61.0') && ours.includes('"user_name": "Ren\\u00e9e Okafor"'),
    'spellings kept',
  );
  // The letter of the same snapshot prints its rating objects as text.
  const docx = path.join(dir, 'final_report_letter.docx');
  const xml = execFileSync('unzip', ['-p', docx, 'word/document.xml'], { encoding: 'utf8' });
  t.true(xml.includes('Overall residual risk') && xml.includes('12 months'));
  t.false(xml.includes('section_id'));
});

test('the hand-edited correction regenerates in its own key order, values equal', async (t) => {
  const { result, dir } = await regenerateInto(t, CORRECTED);
  t.is(result.snapshot, 'correction');
  const server = await readFile(path.join(ARCHIVED, CORRECTED, 'final_correction.geojson'), 'utf8');
  const ours = await readFile(path.join(dir, 'final_correction.geojson'), 'utf8');
  t.deepEqual(keyOrder(parseAsWritten(ours)), keyOrder(parseAsWritten(server)));
  t.deepEqual(JSON.parse(ours), JSON.parse(server));
  // Numbers are copied as the snapshot spells them (the server re-spelled 1e2 as 100.0).
  t.true(ours.includes('"dbh": 1e2') && server.includes('"dbh": 100.0'));
});

test('the order jsonb gives would not do: the fixture really exercises key order', async (t) => {
  const { rows } = await db().pool.query<{ payload: unknown }>(
    "SELECT payload FROM job_finals WHERE job_id = $1 AND kind = 'final'",
    [FINAL_ONLY],
  );
  const parsed = parseLegacyJson('final', Buffer.from(JSON.stringify(rows[0]!.payload)), 'jsonb');
  const fromJsonb = JSON.stringify(buildGeoJson(parsed.value!, parsed.raw, 'J0021'), null, 2);
  const server = await readFile(path.join(ARCHIVED, FINAL_ONLY, 'final.geojson'), 'utf8');
  t.deepEqual(JSON.parse(fromJsonb), JSON.parse(server), 'equal as JSON');
  t.notDeepEqual(keyOrder(parseAsWritten(fromJsonb)), keyOrder(parseAsWritten(server)), 'not in key order');
});

test('a row imported before the bytes were kept still regenerates, from jsonb, and says so', async (t) => {
  // A database of its own: this test edits rows the others read.
  const own = await createTestDatabase();
  t.teardown(own.drop);
  await runImport(own.pool, { jobsRoot: ARCHIVED });
  await own.pool.query(
    `BEGIN; SET LOCAL session_replication_role = replica;
     UPDATE job_finals SET snapshot_bytes = NULL WHERE job_id = '${FINAL_ONLY}'; COMMIT`,
  );
  const out = await mkdtemp(path.join(os.tmpdir(), 'jobmig-keyorder-'));
  t.teardown(() => rm(out, { recursive: true, force: true }));
  const [result] = await regenerateJobs(own.pool, ARCHIVED, [FINAL_ONLY], { outDir: out });
  t.is(
    result!.notes.at(-1),
    "the final's file bytes are not stored: GeoJSON keys in jsonb order, not the file's",
  );
  const ours = JSON.parse(await readFile(path.join(out, FINAL_ONLY, 'final.geojson'), 'utf8'));
  const server = JSON.parse(await readFile(path.join(ARCHIVED, FINAL_ONLY, 'final.geojson'), 'utf8'));
  t.deepEqual(ours, server);
});

test('correction set stores the payload file byte for byte and regenerates in its key order', async (t) => {
  const own = await createTestDatabase();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jobmig-keyorder-'));
  t.teardown(async () => {
    await own.drop();
    await rm(dir, { recursive: true, force: true });
  });
  const root = path.join(dir, 'jobs');
  await cp(ARCHIVED, root, { recursive: true });
  await runImport(own.pool, { jobsRoot: root });
  // The hand-edited correction of the other job, re-addressed: CRLF, 1e2, keys out of order.
  const odd = await readFile(path.join(ARCHIVED, CORRECTED, 'final_correction.json'), 'utf8');
  const payload = path.join(dir, 'payload.json');
  await writeFile(payload, odd.replaceAll(CORRECTED, FINAL_ONLY));
  await setCorrection(own.pool, root, FINAL_ONLY, payload);

  const bytes = await readSnapshotBytes(own.pool, FINAL_ONLY, 'correction');
  t.true(bytes.equals(await readFile(payload)));
  const ours = await readFile(path.join(root, FINAL_ONLY, 'final_correction.geojson'), 'utf8');
  const server = await readFile(path.join(ARCHIVED, CORRECTED, 'final_correction.geojson'), 'utf8');
  t.deepEqual(keyOrder(parseAsWritten(ours)), keyOrder(parseAsWritten(server)));
});

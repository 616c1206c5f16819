import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import { runImport } from '../../src/import/run.ts';
import { loadPreset } from '../../src/query/presets.ts';
import { runPreset, type PresetFilter } from '../../src/query/run-preset.ts';
import type { TestDatabase } from '../helpers/db.ts';
import { fixturesWithDatabase } from '../helpers/fixture-db.ts';

// pruning-candidates: exact rows on the fixture store, then the same rows as its former version
// (test/former-presets/pruning-candidates.sql, which read every manifest and review JSON itself) on
// a copy edited to reach what the fixtures do not: a recording and an image every mention of which is
// an unreferenced round, a manifest the schemas reject in a retained round, ids of odd JSON types.

const J4 = 'job_4a1f0c2b9e01';
const J6 = 'job_6c2d7e9f0a13';
const FORMER = new URL('../former-presets/', import.meta.url);
async function rows(db: TestDatabase, filter: PresetFilter = {}, dir?: URL): Promise<unknown[][]> {
  const out: unknown[][] = [];
  await runPreset(db.pool, loadPreset('pruning-candidates', dir), filter, {
    columns: () => {},
    rows: (page) => void out.push(...page),
  });
  return out;
}

test('preset pruning-candidates: exact rows on the fixtures', async (t) => {
  const { db } = await fixturesWithDatabase(t, { imported: true });
  t.deepEqual(await rows(db), [
    [
      'job_1',
      'artifact',
      'job_1/sections/client_tree_details/recordings/rec_j1_01.m4a',
      'round_1',
      'audio',
      'raw audio of a retained round; its transcript exists',
    ],
    [
      'job_1',
      'artifact',
      'job_1/sections/overall_tree_risk_rating/recordings/rec_j1_03.wav',
      'round_1',
      'audio',
      'raw audio of a retained round; its transcript exists',
    ],
    [
      'job_1',
      'artifact',
      'job_1/sections/trunk/recordings/rec_j1_02.m4a',
      'round_1',
      'audio',
      'raw audio of a retained round; its transcript exists',
    ],
    [
      'job_4a1f0c2b9e01',
      'artifact',
      'job_4a1f0c2b9e01/rounds/round_1/manifest.json',
      'round_1',
      'manifest_json',
      'working file of unreferenced round round_1',
    ],
    [
      'job_4a1f0c2b9e01',
      'artifact',
      'job_4a1f0c2b9e01/rounds/round_1/review.json',
      'round_1',
      'review_json',
      'working file of unreferenced round round_1',
    ],
    [
      'job_4a1f0c2b9e01',
      'artifact',
      'job_4a1f0c2b9e01/sections/client_tree_details/recordings/rec_4a_01.wav',
      'round_1',
      'audio',
      'raw audio of a retained round; its transcript exists',
    ],
    [
      'job_4a1f0c2b9e01',
      'artifact',
      'job_4a1f0c2b9e01/sections/crown_and_branches/recordings/rec_4a_03.wav',
      'round_2',
      'audio',
      'raw audio of a retained round; its transcript exists',
    ],
    [
      'job_4a1f0c2b9e01',
      'artifact',
      'job_4a1f0c2b9e01/sections/overall_tree_risk_rating/recordings/rec_4a_05.m4a',
      'round_2',
      'audio',
      'raw audio of a retained round; its transcript exists',
    ],
    [
      'job_4a1f0c2b9e01',
      'artifact',
      'job_4a1f0c2b9e01/sections/site_factors/recordings/rec_4a_02.m4a',
      'round_1',
      'audio',
      'raw audio of a retained round; its transcript exists',
    ],
    [
      'job_4a1f0c2b9e01',
      'artifact',
      'job_4a1f0c2b9e01/sections/trunk/recordings/rec_4a_04.mp3',
      'round_2',
      'audio',
      'raw audio of a retained round; its transcript exists',
    ],
    [
      'job_4a1f0c2b9e01',
      'round',
      'round_1',
      'round_1',
      null,
      'round not referenced by the final or correction snapshot',
    ],
    [
      'job_6c2d7e9f0a13',
      'artifact',
      'job_6c2d7e9f0a13/rounds/round_2/manifest.json',
      'round_2',
      'manifest_json',
      'working file of unreferenced round round_2',
    ],
    [
      'job_6c2d7e9f0a13',
      'artifact',
      'job_6c2d7e9f0a13/rounds/round_2/review.json',
      'round_2',
      'review_json',
      'working file of unreferenced round round_2',
    ],
    [
      'job_6c2d7e9f0a13',
      'artifact',
      'job_6c2d7e9f0a13/sections/client_tree_details/recordings/rec_6c_01.m4a',
      'round_2',
      'audio',
      'raw audio of a retained round; its transcript exists',
    ],
    [
      'job_6c2d7e9f0a13',
      'artifact',
      'job_6c2d7e9f0a13/sections/crown_and_branches/recordings/rec_6c_02.m4a',
      'round_2',
      'audio',
      'raw audio of a retained round; its transcript exists',
    ],
    [
      'job_6c2d7e9f0a13',
      'artifact',
      'job_6c2d7e9f0a13/sections/target_assessment/recordings/rec_6c_04.wav',
      'round_15',
      'audio',
      'raw audio of a retained round; its transcript exists',
    ],
    [
      'job_6c2d7e9f0a13',
      'artifact',
      'job_6c2d7e9f0a13/sections/trunk/recordings/rec_6c_03.mp3',
      'round_2',
      'audio',
      'raw audio of a retained round; its transcript exists',
    ],
    [
      'job_6c2d7e9f0a13',
      'round',
      'round_2',
      'round_2',
      null,
      'round not referenced by the final or correction snapshot',
    ],
    [
      'job_7b3e8a1d5c24',
      'artifact',
      'job_7b3e8a1d5c24/rounds/round_1/manifest.json',
      'round_1',
      'manifest_json',
      'working file of unreferenced round round_1',
    ],
    [
      'job_7b3e8a1d5c24',
      'artifact',
      'job_7b3e8a1d5c24/rounds/round_1/review.json',
      'round_1',
      'review_json',
      'working file of unreferenced round round_1',
    ],
    [
      'job_7b3e8a1d5c24',
      'artifact',
      'job_7b3e8a1d5c24/sections/client_tree_details/recordings/rec_7b_01.wav',
      'round_1',
      'audio',
      'raw audio of a retained round; its transcript exists',
    ],
    [
      'job_7b3e8a1d5c24',
      'artifact',
      'job_7b3e8a1d5c24/sections/overall_tree_risk_rating/recordings/rec_7b_03.mp3',
      'round_2',
      'audio',
      'raw audio of a retained round; its transcript exists',
    ],
    [
      'job_7b3e8a1d5c24',
      'artifact',
      'job_7b3e8a1d5c24/sections/roots_and_root_collar/recordings/rec_7b_02.wav',
      'round_1',
      'audio',
      'raw audio of a retained round; its transcript exists',
    ],
    [
      'job_7b3e8a1d5c24',
      'round',
      'round_1',
      'round_1',
      null,
      'round not referenced by the final or correction snapshot',
    ],
    [
      'job_9e4f1b6a2d35',
      'artifact',
      'job_9e4f1b6a2d35/sections/client_tree_details/recordings/rec_9e_01.m4a',
      'round_1',
      'audio',
      'raw audio of a retained round; its transcript exists',
    ],
    [
      'job_9e4f1b6a2d35',
      'artifact',
      'job_9e4f1b6a2d35/sections/trunk/recordings/rec_9e_02.wav',
      'round_1',
      'audio',
      'raw audio of a retained round; its transcript exists',
    ],
    [
      'job_a5c8d2e7f146',
      'artifact',
      'job_a5c8d2e7f146/sections/site_factors/recordings/rec_a5_01.mp3',
      'round_1',
      'audio',
      'raw audio of a retained round; its transcript exists',
    ],
    [
      'job_a5c8d2e7f146',
      'artifact',
      'job_a5c8d2e7f146/sections/target_assessment/recordings/rec_a5_02.m4a',
      'round_1',
      'audio',
      'raw audio of a retained round; its transcript exists',
    ],
  ]);
  t.deepEqual(await rows(db, { job: 'job_7b3e8a1d5c24', kind: 'round' }), [
    [
      'job_7b3e8a1d5c24',
      'round',
      'round_1',
      'round_1',
      null,
      'round not referenced by the final or correction snapshot',
    ],
  ]);
});

test('pruning-candidates lists what its former JSON-reading version listed, on edge cases the import has to plan', async (t) => {
  const { db, root } = await fixturesWithDatabase(t);
  const edit = async (rel: string, change: (value: any) => unknown) => {
    const file = path.join(root, rel);
    await writeFile(file, JSON.stringify(change(JSON.parse(await readFile(file, 'utf8')))));
  };
  // A recording only an unreferenced round names (J6 round_2), once round_15's review stops naming it.
  await edit(`${J6}/rounds/round_15/review.json`, (v) => ({
    ...v,
    section_recordings: { ...v.section_recordings, client_tree_details: [] },
  }));
  // A new photo only the unreferenced round_1 of J4 names, with its file on disk, plus items of odd types.
  await edit(`${J4}/rounds/round_1/manifest.json`, (items) => [
    ...items,
    { artifact_id: 'img_4a_9', section_id: 'job_photos', kind: 'IMAGE' },
    'not an item',
    { artifact_id: 12, section_id: 'trunk' },
  ]);
  await mkdir(path.join(root, J4, 'sections/job_photos/images'), { recursive: true });
  await writeFile(path.join(root, J4, 'sections/job_photos/images/img_4a_9.jpg'), 'jpeg bytes');
  // The retained round_2's manifest fails the schema (client_order is text) but still names its media.
  await edit(`${J4}/rounds/round_2/manifest.json`, (items) =>
    items.map((item: object, i: number) => (i === 0 ? { ...item, client_order: 'first' } : item)),
  );
  // Review images as bare ids, numbers and objects without a usable id.
  await edit(`${J6}/rounds/round_2/review.json`, (v) => ({
    ...v,
    images: [
      ...(v.images ?? []),
      'img_6c_9',
      42,
      { caption: 'no id' },
      { id: null, artifact_id: 'img_6c_1' },
    ],
  }));
  await runImport(db.pool, { jobsRoot: root });
  const now = await rows(db);
  t.deepEqual(now, await rows(db, {}, FORMER));
  for (const filter of [
    { kind: 'recording' },
    { kind: 'image' },
    { kind: 'artifact' },
    { job: J4 },
    { job: J6 },
  ]) {
    t.deepEqual(await rows(db, filter), await rows(db, filter, FORMER), JSON.stringify(filter));
  }
  // The edits reach the cases: a recording and an image candidate, with their files.
  t.true(now.some((r) => r[1] === 'recording' && r[2] === 'client_tree_details/rec_6c_01'));
  t.true(now.some((r) => r[1] === 'image' && r[2] === 'img_4a_9'));
  t.true(now.some((r) => r[1] === 'artifact' && r[2] === `${J4}/sections/job_photos/images/img_4a_9.jpg`));
  // The schema-rejected manifest still keeps round_2's media: none of them is a candidate.
  t.false(now.some((r) => r[0] === J4 && /rec_4a_0[34]|img_4a_2/.test(String(r[2])) && r[1] !== 'artifact'));
});

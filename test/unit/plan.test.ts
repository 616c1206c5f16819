import { cp, mkdtemp, rm, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { planAndReconcile } from '../../src/import/read-and-plan.ts';
import type { JobPlan } from '../../src/model/rows.ts';
import { readJob } from '../../src/legacy/read-job.ts';
import { listJobFolders, scanJobFolder } from '../../src/legacy/scan.ts';

// The hand-made store documented in fixtures/README.md.
const FIXTURES = fileURLToPath(new URL('../../fixtures/jobs', import.meta.url));

async function plan(root: string, jobDir: string): Promise<JobPlan> {
  return planAndReconcile(await readJob(root, await scanJobFolder(root, jobDir)));
}

const plans = new Map<string, JobPlan>();
const planOf = (jobDir: string): JobPlan => {
  const p = plans.get(jobDir);
  if (!p) throw new Error(`no plan for ${jobDir}`);
  return p;
};

test.before(async () => {
  const { jobDirs } = await listJobFolders(FIXTURES);
  for (const jobDir of jobDirs) plans.set(jobDir, await plan(FIXTURES, jobDir));
});

const all = <T>(pick: (p: JobPlan) => T[]): T[] => [...plans.values()].flatMap(pick);

test('the store plans 10 jobs with the README inventory', (t) => {
  t.deepEqual(
    [...plans.keys()],
    [
      'job_1',
      'job_4a1f0c2b9e01',
      'job_6c2d7e9f0a13',
      'job_7b3e8a1d5c24',
      'job_9e4f1b6a2d35',
      'job_a5c8d2e7f146',
      'job_c1d2e3f4a5b6',
      'job_d4e5f6a7b8c9',
      'job_e7f8a9b0c1d2',
      'job_f0a1b2c3d4e5',
    ],
  );
  t.is(all((p) => p.rounds).length, 15);
  t.is(all((p) => p.recordings).length, 30); // 29 with audio + rec_f0_04 (meta only)
  t.is(all((p) => p.images).length, 11);
  t.is(all((p) => p.finals).length, 9);
  t.deepEqual(all((p) => p.finals.map((f) => f.kind)).filter((k) => k === 'correction').length, 3);
  t.is(all((p) => p.geojson).length, 9);
  t.is(all((p) => p.artifacts).length, 142);
});

test('job_1 is an archived-only job seeded from final.json', (t) => {
  const { job, finals, rounds } = planOf('job_1');
  t.is(job.source, 'final_only');
  t.is(job.job_number, 'J0001');
  t.is(job.status, 'ARCHIVED');
  t.is(job.status_raw, null);
  t.is(job.record, null);
  t.is(job.latest_round_id, 'round_1');
  t.is(job.customer_name, 'Lakeview Public Library');
  t.is(job.tree_key, '1');
  t.deepEqual(
    finals.map((f) => [f.kind, f.round_id]),
    [['final', 'round_1']],
  );
  t.deepEqual(
    rounds.map((r) => r.round_id),
    ['round_1'],
  );
});

test('J0004: job_record says round_5, the final was made from round_2, the correction from round_5', (t) => {
  const { job, finals, geojson, rounds } = planOf('job_4a1f0c2b9e01');
  t.is(job.job_number, 'J0004');
  t.is(job.source, 'record');
  t.is(job.status, 'ARCHIVED');
  t.is(job.latest_round_id, 'round_5');
  t.is(job.latest_round_status, 'REVIEW_RETURNED');
  t.deepEqual(
    finals.map((f) => ({
      kind: f.kind,
      round_id: f.round_id,
      source_path: f.source_path,
      user_name: f.user_name,
    })),
    [
      {
        kind: 'final',
        round_id: 'round_2',
        source_path: 'job_4a1f0c2b9e01/final.json',
        user_name: 'Dana Whitfield',
      },
      {
        kind: 'correction',
        round_id: 'round_5',
        source_path: 'job_4a1f0c2b9e01/final_correction.json',
        user_name: 'Dana Whitfield',
      },
    ],
  );
  t.deepEqual(
    geojson.map((g) => g.kind),
    ['final', 'correction'],
  );
  t.deepEqual(rounds.map((r) => r.round_id).sort(), ['round_1', 'round_2', 'round_5']);
});

test('statuses and lineage of the other record-backed jobs', (t) => {
  const summary = Object.fromEntries(
    [...plans].map(([dir, p]) => [
      dir,
      [
        p.job.job_number,
        p.job.status,
        p.job.status_raw,
        p.job.latest_round_id,
        p.finals.map((f) => `${f.kind}:${f.round_id}`).join(' '),
      ],
    ]),
  );
  t.deepEqual(summary, {
    job_1: ['J0001', 'ARCHIVED', null, 'round_1', 'final:round_1'],
    job_4a1f0c2b9e01: ['J0004', 'ARCHIVED', 'ARCHIVED', 'round_5', 'final:round_2 correction:round_5'],
    job_6c2d7e9f0a13: ['J0006', 'ARCHIVED', 'archived', 'round_2', 'final:round_15 correction:round_15'],
    job_7b3e8a1d5c24: ['J0007', 'ARCHIVED', 'ARCHIVED', 'round_2', 'final:round_3 correction:round_2'],
    job_9e4f1b6a2d35: ['J0009', 'ARCHIVED', 'ARCHIVED', 'round_1', 'final:round_1'],
    job_a5c8d2e7f146: ['J0010', 'ARCHIVED', 'ARCHIVED', 'round_1', 'final:round_1'],
    job_c1d2e3f4a5b6: ['J0011', 'DRAFT', 'DRAFT', 'round_1', ''],
    job_d4e5f6a7b8c9: ['J0012', 'SUBMITTED_FOR_PROCESSING', 'submitted_for_processing', 'round_1', ''],
    job_e7f8a9b0c1d2: ['J0010', 'FAILED', 'FAILED', 'round_1', ''],
    job_f0a1b2c3d4e5: ['J0008', 'REVIEW_RETURNED', 'REVIEW_RETURNED', 'round_2', ''],
  });
  // job_record's job_id is kept as written even when it disagrees with the folder.
  t.is(planOf('job_c1d2e3f4a5b6').job.record_job_id, 'job_c1d2e3f4a5b7');
  t.is(planOf('job_c1d2e3f4a5b6').job.job_id, 'job_c1d2e3f4a5b6');
});

// fixtures/README.md, "Round of every recording and image" (rec_c1_02 is only a manifest item, not on disk).
const RECORDING_ROUNDS: Array<[string, string, string, string | null, 'manifest' | 'review' | null]> = [
  ['job_1', 'client_tree_details', 'rec_j1_01', 'round_1', 'manifest'],
  ['job_1', 'trunk', 'rec_j1_02', 'round_1', 'manifest'],
  ['job_1', 'overall_tree_risk_rating', 'rec_j1_03', 'round_1', 'manifest'],
  ['job_4a1f0c2b9e01', 'client_tree_details', 'rec_4a_01', 'round_1', 'manifest'],
  ['job_4a1f0c2b9e01', 'site_factors', 'rec_4a_02', 'round_1', 'manifest'],
  ['job_4a1f0c2b9e01', 'crown_and_branches', 'rec_4a_03', 'round_2', 'manifest'],
  ['job_4a1f0c2b9e01', 'trunk', 'rec_4a_04', 'round_2', 'manifest'],
  ['job_4a1f0c2b9e01', 'overall_tree_risk_rating', 'rec_4a_05', 'round_2', 'review'],
  ['job_4a1f0c2b9e01', 'notes_explanations_descriptions', 'rec_4a_06', 'round_5', 'manifest'],
  ['job_6c2d7e9f0a13', 'client_tree_details', 'rec_6c_01', 'round_2', 'manifest'],
  ['job_6c2d7e9f0a13', 'crown_and_branches', 'rec_6c_02', 'round_2', 'manifest'],
  ['job_6c2d7e9f0a13', 'trunk', 'rec_6c_03', 'round_2', 'review'],
  ['job_6c2d7e9f0a13', 'target_assessment', 'rec_6c_04', 'round_15', 'review'],
  ['job_7b3e8a1d5c24', 'client_tree_details', 'rec_7b_01', 'round_1', 'manifest'],
  ['job_7b3e8a1d5c24', 'roots_and_root_collar', 'rec_7b_02', 'round_1', 'manifest'],
  ['job_7b3e8a1d5c24', 'overall_tree_risk_rating', 'rec_7b_03', 'round_2', 'manifest'],
  ['job_9e4f1b6a2d35', 'client_tree_details', 'rec_9e_01', 'round_1', 'manifest'],
  ['job_9e4f1b6a2d35', 'trunk', 'rec_9e_02', 'round_1', 'manifest'],
  ['job_a5c8d2e7f146', 'site_factors', 'rec_a5_01', 'round_1', 'manifest'],
  ['job_a5c8d2e7f146', 'target_assessment', 'rec_a5_02', 'round_1', 'manifest'],
  ['job_c1d2e3f4a5b6', 'client_tree_details', 'rec_c1_01', 'round_1', 'manifest'],
  ['job_c1d2e3f4a5b6', 'trunk', 'rec_c1_03', 'round_1', 'manifest'],
  ['job_d4e5f6a7b8c9', 'client_tree_details', 'rec_d4_01', 'round_1', 'manifest'],
  ['job_d4e5f6a7b8c9', 'site_factors', 'rec_d4_02', 'round_1', 'manifest'],
  ['job_e7f8a9b0c1d2', 'client_tree_details', 'rec_e7_01', 'round_1', 'manifest'],
  ['job_f0a1b2c3d4e5', 'client_tree_details', 'rec_f0_01', 'round_1', 'manifest'],
  ['job_f0a1b2c3d4e5', 'crown_and_branches', 'rec_f0_02', 'round_1', 'manifest'],
  ['job_f0a1b2c3d4e5', 'site_factors', 'rec_f0_03', 'round_2', 'manifest'],
  ['job_f0a1b2c3d4e5', 'notes_explanations_descriptions', 'rec_f0_04', 'round_2', 'manifest'],
  ['job_f0a1b2c3d4e5', 'trunk', 'rec_f0_05', null, null],
];

const IMAGE_ROUNDS: Array<[string, string, string, 'manifest' | 'review']> = [
  ['job_4a1f0c2b9e01', 'img_4a_1', 'round_1', 'manifest'],
  ['job_4a1f0c2b9e01', 'img_4a_2', 'round_2', 'manifest'],
  ['job_4a1f0c2b9e01', 'img_4a_3', 'round_5', 'manifest'],
  ['job_6c2d7e9f0a13', 'img_6c_1', 'round_2', 'manifest'],
  ['job_6c2d7e9f0a13', 'img_6c_2', 'round_15', 'review'],
  ['job_7b3e8a1d5c24', 'img_7b_1', 'round_2', 'manifest'],
  ['job_9e4f1b6a2d35', 'img_9e_1', 'round_1', 'manifest'],
  ['job_9e4f1b6a2d35', 'img_9e_2', 'round_1', 'manifest'],
  ['job_a5c8d2e7f146', 'img_a5_1', 'round_1', 'manifest'],
  ['job_d4e5f6a7b8c9', 'img_d4_1', 'round_1', 'manifest'],
  ['job_f0a1b2c3d4e5', 'img_f0_1', 'round_1', 'manifest'],
];

const byId = (a: string[], b: string[]) => a.join('/').localeCompare(b.join('/'));

test('every recording is in the round the README table gives, placed by the named source', (t) => {
  const actual = all((p) =>
    p.recordings.map((r) => [r.job_id, r.section_id, r.recording_id, r.round_id, r.round_source]),
  );
  const key = (row: unknown[]) => [row[0], row[2]] as string[];
  t.deepEqual(
    actual.sort((a, b) => byId(key(a), key(b))),
    [...RECORDING_ROUNDS].sort((a, b) => byId(key(a), key(b))),
  );
});

test('the precedence, review-only and unplaced cases of the README', (t) => {
  const recording = (jobDir: string, id: string) =>
    planOf(jobDir).recordings.find((r) => r.recording_id === id);
  t.like(recording('job_4a1f0c2b9e01', 'rec_4a_05'), { round_id: 'round_2', round_source: 'review' });
  t.like(recording('job_4a1f0c2b9e01', 'rec_4a_01'), { round_id: 'round_1', round_source: 'manifest' });
  t.like(recording('job_6c2d7e9f0a13', 'rec_6c_03'), { round_id: 'round_2', round_source: 'review' });
  t.like(recording('job_f0a1b2c3d4e5', 'rec_f0_05'), { round_id: null, round_source: null });
  // The meta-only recording and the audio-only one are rows all the same.
  t.like(recording('job_f0a1b2c3d4e5', 'rec_f0_04'), {
    file_path: null,
    transcript_path: null,
    upload_status: 'failed',
  });
  t.like(recording('job_c1d2e3f4a5b6', 'rec_c1_03'), {
    file_path: 'job_c1d2e3f4a5b6/sections/trunk/recordings/rec_c1_03.wav',
    meta: null,
  });
  // A manifest item with nothing on disk is not a recording row.
  t.is(recording('job_c1d2e3f4a5b6', 'rec_c1_02'), undefined);
});

test('every image is in the round the README table gives', (t) => {
  const actual = all((p) => p.images.map((i) => [i.job_id, i.image_id, i.round_id, i.round_source]));
  t.deepEqual(
    actual.sort((a, b) => byId(a as string[], b as string[])),
    [...IMAGE_ROUNDS].sort((a, b) => byId(a, b)),
  );
});

// Counted from the files: kinds per job (fixtures/README.md "Inventory").
const ARTIFACT_KINDS: Record<string, Record<string, number>> = {
  job_1: {
    audio: 3,
    transcript_txt: 3,
    manifest_json: 1,
    review_json: 1,
    final_json: 1,
    final_pdf: 1,
    report_pdf: 1,
    geojson: 1,
  },
  job_4a1f0c2b9e01: {
    audio: 6,
    transcript_txt: 5,
    image: 3,
    report_image: 3,
    manifest_json: 3,
    review_json: 3,
    final_json: 2,
    final_pdf: 2,
    report_pdf: 2,
    report_docx: 2,
    geojson: 2,
  },
  job_6c2d7e9f0a13: {
    audio: 4,
    transcript_txt: 4,
    image: 2,
    report_image: 2,
    manifest_json: 2,
    review_json: 2,
    final_json: 2,
    final_pdf: 2,
    report_pdf: 2,
    report_docx: 1,
    geojson: 2,
  },
  job_7b3e8a1d5c24: {
    audio: 3,
    transcript_txt: 3,
    image: 1,
    report_image: 1,
    manifest_json: 2,
    review_json: 2,
    final_json: 2,
    final_pdf: 2,
    report_pdf: 2,
    geojson: 2,
  },
  job_9e4f1b6a2d35: {
    audio: 2,
    transcript_txt: 2,
    image: 2,
    report_image: 2,
    manifest_json: 1,
    review_json: 1,
    final_json: 1,
    final_pdf: 1,
    report_pdf: 1,
    geojson: 1,
  },
  job_a5c8d2e7f146: {
    audio: 2,
    transcript_txt: 2,
    image: 1,
    report_image: 1,
    manifest_json: 1,
    review_json: 1,
    final_json: 1,
    final_pdf: 1,
    report_pdf: 1,
    geojson: 1,
  },
  job_c1d2e3f4a5b6: { audio: 2, manifest_json: 1 },
  job_d4e5f6a7b8c9: { audio: 2, image: 1, report_image: 1, manifest_json: 1, review_json: 1 },
  job_e7f8a9b0c1d2: { audio: 1, manifest_json: 1, review_json: 1 },
  job_f0a1b2c3d4e5: {
    audio: 4,
    transcript_txt: 4,
    image: 1,
    report_image: 1,
    manifest_json: 2,
    review_json: 2,
  },
};
const ARTIFACT_COUNTS: Record<string, number> = {
  job_1: 12,
  job_4a1f0c2b9e01: 33,
  job_6c2d7e9f0a13: 25,
  job_7b3e8a1d5c24: 20,
  job_9e4f1b6a2d35: 14,
  job_a5c8d2e7f146: 12,
  job_c1d2e3f4a5b6: 3,
  job_d4e5f6a7b8c9: 6,
  job_e7f8a9b0c1d2: 3,
  job_f0a1b2c3d4e5: 14,
};

test('artifact rows: count and kinds per job (metadata files are rows of their own, not artifacts)', (t) => {
  for (const [jobDir, p] of plans) {
    const kinds: Record<string, number> = {};
    for (const a of p.artifacts) kinds[a.kind] = (kinds[a.kind] ?? 0) + 1;
    t.deepEqual(kinds, ARTIFACT_KINDS[jobDir], jobDir);
    t.is(p.artifacts.length as number | undefined, ARTIFACT_COUNTS[jobDir], jobDir);
  }
});

test('artifact rows: round of media from placement, of round files from the folder, snapshot of outputs', (t) => {
  const artifact = (jobDir: string, rel: string) =>
    planOf(jobDir).artifacts.find((a) => a.path === `${jobDir}/${rel}`);
  t.like(artifact('job_4a1f0c2b9e01', 'sections/overall_tree_risk_rating/recordings/rec_4a_05.m4a'), {
    kind: 'audio',
    round_id: 'round_2',
    section_id: 'overall_tree_risk_rating',
    media_id: 'rec_4a_05',
    snapshot: null,
  });
  t.like(artifact('job_4a1f0c2b9e01', 'sections/job_photos/images/img_4a_3.report.jpg'), {
    kind: 'report_image',
    round_id: 'round_5',
    media_id: 'img_4a_3',
  });
  t.like(artifact('job_6c2d7e9f0a13', 'rounds/round_15/manifest.json'), {
    kind: 'manifest_json',
    round_id: 'round_15',
  });
  t.like(artifact('job_f0a1b2c3d4e5', 'sections/trunk/recordings/rec_f0_05.m4a'), {
    kind: 'audio',
    round_id: null,
  });
  t.like(artifact('job_1', 'traq_page1.pdf'), { kind: 'final_pdf', snapshot: 'final', round_id: null });
  t.like(artifact('job_4a1f0c2b9e01', 'final_report_letter_correction.docx'), {
    kind: 'report_docx',
    snapshot: 'correction',
  });
  // JSON artifacts carry the sha256 of their bytes; binary ones are not read.
  t.regex(artifact('job_4a1f0c2b9e01', 'final.json')?.sha256 ?? '', /^[0-9a-f]{64}$/);
  t.is(artifact('job_4a1f0c2b9e01', 'final_traq_page1.pdf')?.sha256, null);
  // Every artifact of every job names a placed round, except the unplaced recording's and the outputs.
  const roundless = all((p) =>
    p.artifacts.filter((a) => a.round_id === null && a.snapshot === null).map((a) => a.path),
  );
  t.deepEqual(roundless.sort(), [
    'job_f0a1b2c3d4e5/sections/trunk/recordings/rec_f0_05.m4a',
    'job_f0a1b2c3d4e5/sections/trunk/recordings/rec_f0_05.transcript.txt',
  ]);
});

test('the broken files and escaping stored paths become issues with JSON pointers', (t) => {
  const issues = all((p) => p.issues.map((i) => ({ job_id: i.job_id, path: i.path, pointer: i.pointer })));
  const order = (a: { path: string; pointer: string }, b: { path: string; pointer: string }) =>
    a.path.localeCompare(b.path) || a.pointer.localeCompare(b.pointer);
  t.deepEqual(issues.sort(order), [
    {
      job_id: 'job_9e4f1b6a2d35',
      path: 'job_9e4f1b6a2d35/sections/trunk/recordings/rec_9e_02.meta.json',
      pointer: '/stored_path',
    },
    {
      job_id: 'job_a5c8d2e7f146',
      path: 'job_a5c8d2e7f146/sections/job_photos/images/img_a5_1.meta.json',
      pointer: '/stored_path',
    },
    { job_id: 'job_d4e5f6a7b8c9', path: 'job_d4e5f6a7b8c9/rounds/round_1/review.json', pointer: '' },
    { job_id: 'job_e7f8a9b0c1d2', path: 'job_e7f8a9b0c1d2/job_record.json', pointer: '/customer_name' },
    { job_id: 'job_e7f8a9b0c1d2', path: 'job_e7f8a9b0c1d2/job_record.json', pointer: '/tree_number' },
    { job_id: 'job_f0a1b2c3d4e5', path: 'job_f0a1b2c3d4e5/rounds/round_2/manifest.json', pointer: '/1' },
    {
      job_id: 'job_f0a1b2c3d4e5',
      path: 'job_f0a1b2c3d4e5/sections/crown_and_branches/recordings/rec_f0_02.meta.json',
      pointer: '',
    },
  ]);
  const message = (jobDir: string, pointer: string) =>
    planOf(jobDir).issues.find((i) => i.pointer === pointer)?.message ?? '';
  t.regex(message('job_9e4f1b6a2d35', '/stored_path'), /outside job folder job_9e4f1b6a2d35/);
  t.regex(message('job_a5c8d2e7f146', '/stored_path'), /etc\/passwd/);
  t.regex(message('job_d4e5f6a7b8c9', ''), /empty file/);
  t.regex(message('job_f0a1b2c3d4e5', ''), /invalid JSON/);
});

test('the broken files still plan what they can', (t) => {
  // Unparsable review: the round stays, its review is absent.
  t.like(planOf('job_d4e5f6a7b8c9').rounds[0], { round_id: 'round_1', review: null, manifest_items: 3 });
  // Non-object manifest item dropped: two valid items remain.
  t.like(
    planOf('job_f0a1b2c3d4e5').rounds.find((r) => r.round_id === 'round_2'),
    { manifest_items: 2 },
  );
  // Wrong-typed customer_name / tree_number are absent: no customer, no tree.
  const e7 = planOf('job_e7f8a9b0c1d2');
  t.like(e7.job, { customer_name: null, customer_key: null, tree_number: null, tree_key: null });
  t.deepEqual([e7.customers, e7.trees], [[], []]);
});

test('identity keys: three spellings of Acme Parks Dept are one customer, 3/"3"/"three" one tree', (t) => {
  const acme = ['job_4a1f0c2b9e01', 'job_6c2d7e9f0a13', 'job_7b3e8a1d5c24'].map(planOf);
  t.deepEqual(
    acme.map((p) => p.job.customer_name),
    ['Acme Parks Dept', ' acme parks dept ', 'ACME PARKS DEPT'],
  );
  t.deepEqual(
    acme.map((p) => p.job.tree_number),
    ['3', '3', 'three'],
  );
  t.deepEqual(new Set(acme.map((p) => p.job.customer_key)), new Set(['acme parks dept']));
  t.deepEqual(new Set(acme.map((p) => p.job.tree_key)), new Set(['3']));
  t.deepEqual(
    acme.map((p) => p.trees),
    [
      [
        {
          customer_key: 'acme parks dept',
          tree_key: '3',
          tree_number: 3,
          tree_number_raw: '3',
          source_job_id: 'job_4a1f0c2b9e01',
        },
      ],
      [
        {
          customer_key: 'acme parks dept',
          tree_key: '3',
          tree_number: 3,
          tree_number_raw: '3',
          source_job_id: 'job_6c2d7e9f0a13',
        },
      ],
      [
        {
          customer_key: 'acme parks dept',
          tree_key: '3',
          tree_number: 3,
          tree_number_raw: 'three',
          source_job_id: 'job_7b3e8a1d5c24',
        },
      ],
    ],
  );
});

test('identity keys across the store: 5 customers, 7 trees, 3 billing profiles, 2 operators', (t) => {
  const customers = new Set(all((p) => p.customers.map((c) => c.name_key)));
  t.deepEqual([...customers].sort(), [
    'acme parks dept',
    'harbor view condominiums',
    'lakeview public library',
    'pinecrest school district',
    'riverside hoa',
  ]);
  const trees = new Set(all((p) => p.trees.map((tr) => `${tr.customer_key}#${tr.tree_key}`)));
  t.deepEqual([...trees].sort(), [
    'acme parks dept#3',
    'harbor view condominiums#7',
    'lakeview public library#1',
    'pinecrest school district#4',
    'pinecrest school district#5',
    'riverside hoa#1',
    'riverside hoa#2',
  ]);
  const billing = new Set(all((p) => p.billingProfiles.map((b) => b.profile_key)));
  t.is(billing.size, 3);
  t.is(planOf('job_4a1f0c2b9e01').job.billing_key, planOf('job_6c2d7e9f0a13').job.billing_key);
  t.is(planOf('job_7b3e8a1d5c24').job.billing_key, null); // all three fields null
  const operators = new Set(all((p) => p.operators.map((o) => o.name_key)));
  t.deepEqual([...operators].sort(), ['dana whitfield', 'marcus oyelaran']);
  t.like(planOf('job_4a1f0c2b9e01').operators[0], { name: 'Dana Whitfield', isa_number: 'PN-7731A' });
});

test('content_sha256 is deterministic: planning the store again gives the same hashes', async (t) => {
  for (const [jobDir, first] of plans) {
    const again = await plan(FIXTURES, jobDir);
    t.regex(first.job.content_sha256, /^[0-9a-f]{64}$/, jobDir);
    t.is(again.job.content_sha256, first.job.content_sha256, jobDir);
    t.is(again.job.fingerprint, first.job.fingerprint, jobDir);
  }
  t.is(new Set([...plans.values()].map((p) => p.job.content_sha256)).size, plans.size);
});

test('content_sha256 changes when a file mtime changes, and comes back with it', async (t) => {
  const jobDir = 'job_4a1f0c2b9e01';
  const root = await mkdtemp(path.join(os.tmpdir(), 'jobmig-plan-'));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  await cp(path.join(FIXTURES, jobDir), path.join(root, jobDir), { recursive: true });
  const audio = path.join(root, jobDir, 'sections/trunk/recordings/rec_4a_04.mp3');
  const at = (iso: string) => new Date(iso);

  await utimes(audio, at('2024-01-01T00:00:00Z'), at('2024-01-01T00:00:00Z'));
  const before = await plan(root, jobDir);
  t.is((await plan(root, jobDir)).job.content_sha256, before.job.content_sha256);

  await utimes(audio, at('2024-06-01T12:00:00Z'), at('2024-06-01T12:00:00Z'));
  const after = await plan(root, jobDir);
  t.not(after.job.content_sha256, before.job.content_sha256);
  t.not(after.job.fingerprint, before.job.fingerprint);
  const row = after.artifacts.find((a) => a.path === `${jobDir}/sections/trunk/recordings/rec_4a_04.mp3`);
  t.is(row?.mtime, '2024-06-01T12:00:00.000Z');

  await utimes(audio, at('2024-01-01T00:00:00Z'), at('2024-01-01T00:00:00Z'));
  t.is((await plan(root, jobDir)).job.content_sha256, before.job.content_sha256);
});

test('content_sha256 stays when a metadata file (not an artifact) only changes mtime: only the fingerprint moves', async (t) => {
  const jobDir = 'job_4a1f0c2b9e01';
  const root = await mkdtemp(path.join(os.tmpdir(), 'jobmig-plan-'));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  await cp(path.join(FIXTURES, jobDir), path.join(root, jobDir), { recursive: true });
  const meta = path.join(root, jobDir, 'sections/trunk/recordings/rec_4a_04.meta.json');
  await utimes(meta, new Date('2024-01-01T00:00:00Z'), new Date('2024-01-01T00:00:00Z'));
  const before = await plan(root, jobDir);
  await utimes(meta, new Date('2024-02-01T00:00:00Z'), new Date('2024-02-01T00:00:00Z'));
  const after = await plan(root, jobDir);
  t.is(after.job.content_sha256, before.job.content_sha256);
  t.not(after.job.fingerprint, before.job.fingerprint);
});

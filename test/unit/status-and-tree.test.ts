/**
 * The planner's status and tree-number rules: typed columns hold only known values, an unknown value
 * is an import issue at its JSON pointer with the value kept raw; a tree number is a positive number
 * or no tree at all. Pure: small job folders on disk, planned without a database.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import { planAndReconcile } from '../../src/import/read-and-plan.ts';
import { readJob } from '../../src/legacy/read-job.ts';
import { scanJobFolder } from '../../src/legacy/scan.ts';
import type { JobPlan } from '../../src/model/rows.ts';
import { knownStatus, MEDIA_STATUSES, ROUND_STATUSES } from '../../src/model/status.ts';

const roots: string[] = [];
test.after.always(() => Promise.all(roots.map((r) => rm(r, { recursive: true, force: true }))));

/** Plan one job folder made of `files` (relative path -> JSON value). */
async function planFolder(files: Record<string, unknown>, jobDir = 'job_x'): Promise<JobPlan> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'jobmig-unit-'));
  roots.push(root);
  for (const [rel, value] of Object.entries(files)) {
    const file = path.join(root, jobDir, rel);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, JSON.stringify(value));
  }
  return planAndReconcile(await readJob(root, await scanJobFolder(root, jobDir)));
}

const record = (fields: Record<string, unknown>) => ({
  job_id: 'job_x',
  job_number: 'J0100',
  customer_name: 'Acme',
  ...fields,
});

test('status sets fold case and separators and answer in their own spelling', (t) => {
  t.is(knownStatus(' review returned ', ROUND_STATUSES), 'REVIEW_RETURNED');
  t.is(knownStatus('Processed', MEDIA_STATUSES), 'processed');
  t.is(knownStatus('ARCHIVED', ROUND_STATUSES), null);
  t.is(knownStatus('bad', MEDIA_STATUSES), null);
});

test('an unknown job status is an issue at /status, kept raw, with a null typed status', async (t) => {
  const plan = await planFolder({ 'job_record.json': record({ status: 'NONSENSE' }) });
  t.is(plan.job.status, null);
  t.is(plan.job.status_raw, 'NONSENSE');
  const issue = plan.issues.find((i) => i.pointer === '/status');
  t.is(issue?.path, 'job_x/job_record.json');
  t.regex(issue?.message ?? '', /job status "NONSENSE" is not one of NOT_STARTED, DRAFT/);
});

test('a known job status in another casing is typed and raises no issue', async (t) => {
  const plan = await planFolder({ 'job_record.json': record({ status: 'submitted-for-processing' }) });
  t.is(plan.job.status, 'SUBMITTED_FOR_PROCESSING');
  t.is(plan.job.status_raw, 'submitted-for-processing');
  t.deepEqual(plan.issues, []);
});

test('an unknown latest_round_status is one issue on the record, null on the job and its round', async (t) => {
  const plan = await planFolder({
    'job_record.json': record({ status: 'DRAFT', latest_round_id: 'round_1', latest_round_status: 'BAD' }),
    'rounds/round_1/manifest.json': [],
  });
  t.is(plan.job.latest_round_status, null);
  t.is(plan.job.latest_round_status_raw, 'BAD');
  t.is(plan.rounds[0]?.status, null);
  t.is(plan.rounds[0]?.status_raw, 'BAD');
  t.deepEqual(
    plan.issues.map((i) => [i.path, i.pointer]),
    [['job_x/job_record.json', '/latest_round_status']],
  );
});

test("an unknown round status in review.json is an issue at the review's /status", async (t) => {
  const plan = await planFolder({
    'job_record.json': record({ status: 'REVIEW_RETURNED' }),
    'rounds/round_1/review.json': { round_id: 'round_1', status: 'BAD' },
  });
  t.is(plan.rounds[0]?.status, null);
  t.is(plan.rounds[0]?.status_raw, 'BAD');
  const issue = plan.issues.find((i) => i.path === 'job_x/rounds/round_1/review.json');
  t.is(issue?.pointer, '/status');
  t.regex(issue?.message ?? '', /round status "BAD"/);
});

test('an unknown recording upload_status or status is an issue at its own field', async (t) => {
  const meta = (fields: Record<string, unknown>) => ({ recording_id: 'r', section_id: 'trunk', ...fields });
  const plan = await planFolder({
    'job_record.json': record({ status: 'DRAFT' }),
    'sections/trunk/recordings/rec_1.meta.json': meta({ recording_id: 'rec_1', upload_status: 'bad' }),
    'sections/trunk/recordings/rec_2.meta.json': meta({ recording_id: 'rec_2', status: 'Weird' }),
    'sections/trunk/recordings/rec_3.meta.json': meta({ recording_id: 'rec_3', status: 'PROCESSED' }),
  });
  const byId = new Map(plan.recordings.map((r) => [r.recording_id, r]));
  t.deepEqual([byId.get('rec_1')?.upload_status, byId.get('rec_1')?.upload_status_raw], [null, 'bad']);
  t.deepEqual([byId.get('rec_2')?.upload_status, byId.get('rec_2')?.upload_status_raw], [null, 'Weird']);
  t.deepEqual(
    [byId.get('rec_3')?.upload_status, byId.get('rec_3')?.upload_status_raw],
    ['processed', 'PROCESSED'],
  );
  const statusIssues = plan.issues.filter((i) => /recording (upload_)?status/.test(i.message));
  t.deepEqual(
    statusIssues.map((i) => [i.path, i.pointer]),
    [
      ['job_x/sections/trunk/recordings/rec_1.meta.json', '/upload_status'],
      ['job_x/sections/trunk/recordings/rec_2.meta.json', '/status'],
    ],
  );
});

for (const tree of ['oak', 0, '0', 'zero']) {
  test(`tree_number ${JSON.stringify(tree)} is an import issue and the job gets no tree`, async (t) => {
    const plan = await planFolder({ 'job_record.json': record({ status: 'DRAFT', tree_number: tree }) });
    t.deepEqual(plan.trees, []);
    t.is(plan.job.tree_key, null);
    t.is(plan.job.tree_number, String(tree), 'the job row keeps the value as written');
    const issue = plan.issues.find((i) => i.pointer === '/tree_number');
    t.is(issue?.path, 'job_x/job_record.json');
    t.regex(issue?.message ?? '', /is not a tree number/);
  });
}

test('a tree number in words is a tree, keyed by its number', async (t) => {
  const plan = await planFolder({ 'job_record.json': record({ status: 'DRAFT', tree_number: 'Three' }) });
  t.deepEqual(
    plan.trees.map((tr) => [tr.tree_key, tr.tree_number, tr.tree_number_raw]),
    [['3', 3, 'Three']],
  );
  t.deepEqual(plan.issues, []);
});

test("a final's tree number that is not one is reported at its pointer in the final", async (t) => {
  const plan = await planFolder({
    'final.json': {
      job_id: 'job_x',
      round_id: 'round_1',
      form: { data: { client_tree_details: { client: 'Acme', tree_number: 'oak' } } },
    },
  });
  t.deepEqual(plan.trees, []);
  const issue = plan.issues.find((i) => i.pointer === '/form/data/client_tree_details/tree_number');
  t.is(issue?.path, 'job_x/final.json');
});

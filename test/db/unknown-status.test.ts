/**
 * Unknown status values on their way to the database: the typed column is NULL, the raw column keeps
 * the value as written, the import records an issue at its JSON pointer, and `query summary` counts
 * them as their own lines.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import { loadPreset } from '../../src/query/presets.ts';
import { runPreset } from '../../src/query/run-preset.ts';
import { useFixturesWithDatabase } from '../helpers/fixture-db.ts';

async function edit(root: string, rel: string, fields: Record<string, unknown>): Promise<void> {
  const file = path.join(root, rel);
  await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, 'utf8')), ...fields }));
}

const fx = useFixturesWithDatabase(test, {
  imported: true,
  edit: async (root) => {
    await edit(root, 'job_c1d2e3f4a5b6/job_record.json', {
      status: 'NONSENSE',
      latest_round_status: 'Half Done',
    });
    await edit(root, 'job_e7f8a9b0c1d2/rounds/round_1/review.json', { status: 'BAD' });
    await edit(root, 'job_d4e5f6a7b8c9/sections/site_factors/recordings/rec_d4_02.meta.json', {
      upload_status: 'bad',
    });
  },
});

const one = async (sql: string, params: unknown[]) => (await fx.db.pool.query(sql, params)).rows[0];
const issue = (path: string, pointer: string) =>
  one('SELECT message FROM import_issues WHERE path = $1 AND pointer = $2', [path, pointer]);

test('an unknown job status and latest_round_status: NULL typed, raw kept, an issue each', async (t) => {
  t.deepEqual(
    await one(
      'SELECT status, status_raw, latest_round_status, latest_round_status_raw FROM jobs WHERE job_id = $1',
      ['job_c1d2e3f4a5b6'],
    ),
    { status: null, status_raw: 'NONSENSE', latest_round_status: null, latest_round_status_raw: 'Half Done' },
  );
  const record = 'job_c1d2e3f4a5b6/job_record.json';
  t.regex((await issue(record, '/status'))?.message ?? '', /^job status "NONSENSE" is not one of/);
  t.regex((await issue(record, '/latest_round_status'))?.message ?? '', /latest round status "Half Done"/);
});

test("an unknown round status: NULL typed, raw kept, an issue at the review's /status", async (t) => {
  t.deepEqual(
    await one('SELECT status, status_raw FROM job_rounds WHERE job_id = $1 AND round_id = $2', [
      'job_e7f8a9b0c1d2',
      'round_1',
    ]),
    { status: null, status_raw: 'BAD' },
  );
  const message = (await issue('job_e7f8a9b0c1d2/rounds/round_1/review.json', '/status'))?.message;
  t.regex(message ?? '', /^round status "BAD" is not one of DRAFT, SUBMITTED_FOR_PROCESSING/);
});

test('an unknown upload_status: NULL typed, raw kept, an issue at the meta file', async (t) => {
  t.deepEqual(
    await one('SELECT upload_status, upload_status_raw FROM round_recordings WHERE recording_id = $1', [
      'rec_d4_02',
    ]),
    { upload_status: null, upload_status_raw: 'bad' },
  );
  const meta = 'job_d4e5f6a7b8c9/sections/site_factors/recordings/rec_d4_02.meta.json';
  t.regex((await issue(meta, '/upload_status'))?.message ?? '', /^recording upload_status "bad"/);
  // Known values in another case stay typed: the fixture's "processed", "failed", "uploading".
  const known = await one(
    `SELECT count(*)::int AS n FROM round_recordings WHERE upload_status IS NOT NULL AND upload_status_raw IS NOT NULL`,
    [],
  );
  t.true(known.n > 0);
});

test('summary counts unrecognised statuses as their own lines', async (t) => {
  const rows: unknown[][] = [];
  for (const kind of ['job_status', 'unrecognised_status']) {
    await runPreset(
      fx.db.pool,
      loadPreset('summary'),
      { kind },
      {
        columns: () => {},
        rows: (page) => void rows.push(...page),
      },
    );
  }
  t.deepEqual(rows, [
    ['job_status', '(unrecognised)', 1],
    ['job_status', 'ARCHIVED', 6],
    ['job_status', 'FAILED', 1],
    ['job_status', 'REVIEW_RETURNED', 1],
    ['job_status', 'SUBMITTED_FOR_PROCESSING', 1],
    ['unrecognised_status', 'jobs.status', 1],
    ['unrecognised_status', 'jobs.latest_round_status', 1],
    ['unrecognised_status', 'job_rounds.status', 2],
    ['unrecognised_status', 'round_recordings.upload_status', 1],
  ]);
});

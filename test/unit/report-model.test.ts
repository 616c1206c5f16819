import test from 'ava';
import {
  buildReportModel,
  describeFilter,
  displayValue,
  findingsInOrder,
} from '../../src/findings-report/model.ts';
import { findingRow, sampleInput } from '../helpers/report-rows.ts';

test('groups findings by kind (kinds with errors first) and by job, sources as the union of value keys', (t) => {
  const model = buildReportModel(sampleInput());
  t.deepEqual(
    model.groups.map((g) => ({
      kind: g.kind,
      count: g.count,
      sources: g.sources,
      jobs: g.jobs.map((j) => [j.jobId, j.jobNumber, j.findings.map((f) => f.id)]),
    })),
    [
      {
        kind: 'geojson_drift',
        count: 1,
        sources: ['coordinates', 'snapshot'],
        jobs: [['job_a', 'J0004', ['F3']]],
      },
      {
        kind: 'latest_round_mismatch',
        count: 2,
        sources: ['correction', 'final', 'job_record'],
        jobs: [
          ['job_a', 'J0004', ['F1']],
          ['job_b', 'J0006', ['F2']],
        ],
      },
    ],
  );
  t.deepEqual(
    findingsInOrder(model).map((f) => f.id),
    ['F3', 'F1', 'F2'],
  );
});

test('counts by kind, severity and status; every severity and status is listed, zero or not', (t) => {
  const model = buildReportModel(sampleInput());
  t.is(model.total, 3);
  t.deepEqual(model.counts, {
    kind: [
      { value: 'geojson_drift', count: 1 },
      { value: 'latest_round_mismatch', count: 2 },
    ],
    severity: [
      { value: 'error', count: 1 },
      { value: 'warning', count: 2 },
      { value: 'info', count: 0 },
    ],
    status: [
      { value: 'open', count: 2 },
      { value: 'acknowledged', count: 1 },
      { value: 'resolved', count: 0 },
      { value: 'gone', count: 0 },
    ],
  });
});

test('values become display text: strings as written, null as (none), anything else as JSON', (t) => {
  const model = buildReportModel(sampleInput());
  const drift = findingsInOrder(model).find((f) => f.id === 'F3')!;
  t.deepEqual(drift.values, { snapshot: 'final', coordinates: '{"stored":[-122.68,45.52],"expected":null}' });
  t.is(displayValue(null), '(none)');
  t.is(displayValue(3), '3');
  t.is(displayValue(['a', 1]), '["a",1]');
  t.is(displayValue(''), '');
});

test('keeps reviewer state, runs and times as ISO text, and the database URL without its password', (t) => {
  const model = buildReportModel(sampleInput());
  const acked = findingsInOrder(model).find((f) => f.id === 'F1')!;
  t.deepEqual(acked.review, {
    status: 'acknowledged',
    note: 'known: final is authority',
    by: 'dana',
    at: '2024-05-02T09:30:00.000Z',
  });
  t.is(model.database, 'postgres://app:***@db.example:5432/jobs');
  t.is(model.generatedAt, '2024-05-03T12:00:00.000Z');
  t.deepEqual(model.runs, [
    {
      id: '1',
      startedAt: '2024-05-01T10:00:00.000Z',
      finishedAt: '2024-05-01T10:00:05.000Z',
      status: 'completed',
      jobsRoot: '/data/jobs',
    },
  ]);
});

test('within a job, errors come before warnings, then by id', (t) => {
  const input = sampleInput();
  input.findings = [
    findingRow({ id: 'Fb', job_id: 'job_x', kind: 'field_mismatch', severity: 'warning' }),
    findingRow({ id: 'Fc', job_id: 'job_x', kind: 'field_mismatch', severity: 'error' }),
    findingRow({ id: 'Fa', job_id: 'job_x', kind: 'field_mismatch', severity: 'warning' }),
  ];
  t.deepEqual(
    findingsInOrder(buildReportModel(input)).map((f) => f.id),
    ['Fc', 'Fa', 'Fb'],
  );
});

test('an empty report has zero counts and no groups', (t) => {
  const model = buildReportModel({ ...sampleInput(), findings: [], runs: [] });
  t.is(model.total, 0);
  t.deepEqual(model.groups, []);
  t.deepEqual(model.counts.kind, []);
});

test('describeFilter names each filter in use', (t) => {
  t.is(describeFilter({ status: 'open', job: null, kind: null }), 'status open');
  t.is(
    describeFilter({ status: null, job: 'job_1', kind: 'geojson_drift' }),
    'status all, kind geojson_drift, job job_1',
  );
});

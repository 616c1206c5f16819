import type { ReportFindingRow, ReportInput, ReportRunRow } from '../../src/findings-report/model.ts';

/** A stored finding as report-findings.sql returns it, open and unreviewed unless overridden. */
export function findingRow(
  overrides: Partial<ReportFindingRow> & Pick<ReportFindingRow, 'id' | 'job_id' | 'kind'>,
): ReportFindingRow {
  return {
    job_number: null,
    severity: 'warning',
    status: 'open',
    summary: `${overrides.kind} in ${overrides.job_id}`,
    source_values: {},
    paths: [],
    first_run_id: '1',
    last_run_id: '1',
    gone_run_id: null,
    review_status: 'open',
    review_note: null,
    reviewed_by: null,
    reviewed_at: null,
    ...overrides,
  };
}

export const RUN_1: ReportRunRow = {
  id: '1',
  started_at: new Date('2024-05-01T10:00:00Z'),
  finished_at: new Date('2024-05-01T10:00:05Z'),
  status: 'completed',
  jobs_root: '/data/jobs',
};

/** Three findings of two kinds over two jobs, one of them acknowledged with a note. */
export function sampleInput(): ReportInput {
  return {
    findings: [
      findingRow({
        id: 'F2',
        job_id: 'job_b',
        job_number: 'J0006',
        kind: 'latest_round_mismatch',
        source_values: { job_record: 'round_2', correction: 'round_15' },
        paths: ['job_b/job_record.json', 'job_b/final_correction.json'],
      }),
      findingRow({
        id: 'F1',
        job_id: 'job_a',
        job_number: 'J0004',
        kind: 'latest_round_mismatch',
        source_values: { job_record: 'round_5', final: 'round_2' },
        paths: ['job_a/job_record.json', 'job_a/final.json'],
        status: 'acknowledged',
        review_status: 'acknowledged',
        review_note: 'known: final is authority',
        reviewed_by: 'dana',
        reviewed_at: new Date('2024-05-02T09:30:00Z'),
      }),
      findingRow({
        id: 'F3',
        job_id: 'job_a',
        job_number: 'J0004',
        kind: 'geojson_drift',
        severity: 'error',
        source_values: { snapshot: 'final', coordinates: { stored: [-122.68, 45.52], expected: null } },
        paths: ['job_a/final.geojson'],
      }),
    ],
    runs: [RUN_1],
    filter: { status: null, job: null, kind: null },
    databaseUrl: 'postgres://app:hunter2@db.example:5432/jobs',
    generatedAt: new Date('2024-05-03T12:00:00Z'),
  };
}

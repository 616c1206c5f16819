/**
 * The report as one CSV table, one row per finding in report order. Each source gets its own
 * `value:<source>` column (every source any reported finding names), so values sit side by side in a
 * spreadsheet. The summary is left to the HTML and Markdown forms: a CSV holds one table. The last two
 * columns, `decision` and `note`, are empty for a reviewer to fill in: `jobmig findings apply` reads
 * them back.
 */
import { stringify } from 'csv-stringify/sync';
import { csvSafeCell } from '../util/csv-safe.ts';
import { findingsInOrder, type ReportModel } from './model.ts';

const LEADING = ['id', 'job_id', 'job_number', 'kind', 'severity', 'status', 'summary'];
const TRAILING = [
  'paths',
  'first_run_id',
  'last_run_id',
  'gone_run_id',
  'review_status',
  'review_note',
  'reviewed_by',
  'reviewed_at',
  'decision',
  'note',
];

/** The CSV header row for a model; the value columns depend on which sources the findings name. */
export function csvColumns(model: ReportModel): string[] {
  const sources = [...new Set(model.groups.flatMap((g) => g.sources))].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  return [...LEADING, ...sources.map((s) => `value:${s}`), ...TRAILING];
}

export function renderCsv(model: ReportModel): string {
  const columns = csvColumns(model);
  const sources = columns.filter((c) => c.startsWith('value:')).map((c) => c.slice('value:'.length));
  const rows = findingsInOrder(model).map((f) =>
    [
      f.id,
      f.jobId,
      f.jobNumber ?? '',
      f.kind,
      f.severity,
      f.status,
      f.summary,
      ...sources.map((s) => f.values[s] ?? ''),
      // One path per line: paths may hold spaces, commas or semicolons, a line break is the least likely.
      f.paths.join('\n'),
      f.firstRunId,
      f.lastRunId,
      f.goneRunId ?? '',
      f.review.status,
      f.review.note ?? '',
      f.review.by ?? '',
      f.review.at ?? '',
      '',
      '',
    ].map(csvSafeCell),
  );
  return stringify([columns, ...rows]);
}

/**
 * The reviewers' discrepancy report as data: built from the stored findings by a pure function, so
 * the three renderers (HTML, CSV, Markdown) show exactly the same thing and are testable without a
 * database. The database URL enters only redacted.
 */
import { redactUrl } from '../db/redact.ts';
import type { StoredFinding } from '../findings/store.ts';

export const REPORT_SEVERITIES = ['error', 'warning', 'info'] as const;
export const REPORT_STATUSES = ['open', 'acknowledged', 'resolved', 'gone'] as const;

/** One row of src/findings-report/sql/report-findings.sql: a stored finding and its review status. */
export interface ReportFindingRow extends StoredFinding {
  review_status: string;
}

/** One row of src/findings-report/sql/report-runs.sql. */
export interface ReportRunRow {
  id: string;
  started_at: Date;
  finished_at: Date | null;
  status: string;
  jobs_root: string;
}

export interface ReportFilter {
  /** null: every status. */
  status: string | null;
  job: string | null;
  kind: string | null;
}

export interface ReportInput {
  findings: ReportFindingRow[];
  runs: ReportRunRow[];
  filter: ReportFilter;
  databaseUrl: string;
  generatedAt: Date;
}

export interface ReportFinding {
  id: string;
  jobId: string;
  jobNumber: string | null;
  kind: string;
  severity: string;
  status: string;
  summary: string;
  /**
   * Each source's value as display text, keyed by source name; a source the finding does not name is absent.
   */
  values: Record<string, string>;
  paths: string[];
  firstRunId: string;
  lastRunId: string;
  goneRunId: string | null;
  review: { status: string; note: string | null; by: string | null; at: string | null };
}

export interface JobGroup {
  jobId: string;
  jobNumber: string | null;
  findings: ReportFinding[];
}

export interface KindGroup {
  kind: string;
  /** Every source any finding of this kind names: the value columns, side by side. */
  sources: string[];
  count: number;
  jobs: JobGroup[];
}

export interface Count {
  value: string;
  count: number;
}

export interface ReportRun {
  id: string;
  startedAt: string;
  finishedAt: string | null;
  status: string;
  jobsRoot: string;
}

export interface ReportModel {
  generatedAt: string;
  /** The database URL with any password masked. */
  database: string;
  filter: ReportFilter;
  total: number;
  counts: { kind: Count[]; severity: Count[]; status: Count[] };
  runs: ReportRun[];
  groups: KindGroup[];
}

/** How a source's value reads in a report cell: text as written, anything else as compact JSON. */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined) return '(none)';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

const severityRank = (s: string): number => {
  const i = (REPORT_SEVERITIES as readonly string[]).indexOf(s);
  return i === -1 ? REPORT_SEVERITIES.length : i;
};

// Code-point order, not locale order: the report must not depend on the machine's locale.
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function toFinding(row: ReportFindingRow): ReportFinding {
  return {
    id: row.id,
    jobId: row.job_id,
    jobNumber: row.job_number,
    kind: row.kind,
    severity: row.severity,
    status: row.status,
    summary: row.summary,
    values: Object.fromEntries(
      Object.entries(row.source_values ?? {}).map(([source, v]) => [source, displayValue(v)]),
    ),
    paths: Array.isArray(row.paths) ? row.paths.map(String) : [],
    firstRunId: String(row.first_run_id),
    lastRunId: String(row.last_run_id),
    goneRunId: row.gone_run_id === null ? null : String(row.gone_run_id),
    review: {
      status: row.review_status,
      note: row.review_note,
      by: row.reviewed_by,
      at: row.reviewed_at?.toISOString() ?? null,
    },
  };
}

function countBy(
  findings: ReportFinding[],
  key: (f: ReportFinding) => string,
  fixed: readonly string[],
): Count[] {
  const counts = new Map<string, number>(fixed.map((v) => [v, 0]));
  for (const f of findings) counts.set(key(f), (counts.get(key(f)) ?? 0) + 1);
  const extra = [...counts.keys()].filter((v) => !fixed.includes(v)).sort(byText);
  return [...fixed, ...extra].map((value) => ({ value, count: counts.get(value) ?? 0 }));
}

function groupByJob(findings: ReportFinding[]): JobGroup[] {
  const jobs = new Map<string, JobGroup>();
  for (const f of findings) {
    const group = jobs.get(f.jobId) ?? { jobId: f.jobId, jobNumber: f.jobNumber, findings: [] };
    group.findings.push(f);
    jobs.set(f.jobId, group);
  }
  return [...jobs.values()]
    .sort((a, b) => byText(a.jobId, b.jobId))
    .map((g) => ({
      ...g,
      findings: g.findings.sort(
        (a, b) => severityRank(a.severity) - severityRank(b.severity) || byText(a.id, b.id),
      ),
    }));
}

/** Kinds with errors first (what may be wrong in a reported record), then by name. */
function groupByKind(findings: ReportFinding[]): KindGroup[] {
  const kinds = new Map<string, ReportFinding[]>();
  for (const f of findings) kinds.set(f.kind, [...(kinds.get(f.kind) ?? []), f]);
  const worst = (list: ReportFinding[]): number => Math.min(...list.map((f) => severityRank(f.severity)));
  return [...kinds.entries()]
    .sort(([ka, a], [kb, b]) => worst(a) - worst(b) || byText(ka, kb))
    .map(([kind, list]) => ({
      kind,
      sources: [...new Set(list.flatMap((f) => Object.keys(f.values)))].sort(byText),
      count: list.length,
      jobs: groupByJob(list),
    }));
}

export function buildReportModel(input: ReportInput): ReportModel {
  const findings = input.findings.map(toFinding);
  const groups = groupByKind(findings);
  return {
    generatedAt: input.generatedAt.toISOString(),
    database: redactUrl(input.databaseUrl),
    filter: input.filter,
    total: findings.length,
    counts: {
      kind: groups.map((g) => ({ value: g.kind, count: g.count })),
      severity: countBy(findings, (f) => f.severity, REPORT_SEVERITIES),
      status: countBy(findings, (f) => f.status, REPORT_STATUSES),
    },
    runs: [...input.runs]
      .sort((a, b) => Number(a.id) - Number(b.id))
      .map((r) => ({
        id: String(r.id),
        startedAt: r.started_at.toISOString(),
        finishedAt: r.finished_at?.toISOString() ?? null,
        status: r.status,
        jobsRoot: r.jobs_root,
      })),
    groups,
  };
}

/** Every finding of the model in report order: by kind group, then job, then severity. */
export function findingsInOrder(model: ReportModel): ReportFinding[] {
  return model.groups.flatMap((g) => g.jobs.flatMap((j) => j.findings));
}

/** The filter as one line for a reader, e.g. "status open, job job_1". */
export function describeFilter(filter: ReportFilter): string {
  const parts = [`status ${filter.status ?? 'all'}`];
  if (filter.kind) parts.push(`kind ${filter.kind}`);
  if (filter.job) parts.push(`job ${filter.job}`);
  return parts.join(', ');
}
